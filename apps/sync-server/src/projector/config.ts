import { join } from 'node:path';

/** Projector settings, read once at startup. */
export interface ProjectorConfig {
  /** `MUSTER_PROJECTOR=off` runs a bare relay (tests of restart safety use it). */
  enabled: boolean;
  /** Accept edits this long after a period closes (devices that were offline). */
  lateGraceMs: number;
  /** The ledger file, `<dataDir>/projector.db`. */
  ledgerFile: string;
}

/** Read and check the projector's environment variables; throws naming a bad one. */
export function readProjectorConfig(
  env: Record<string, string | undefined>,
  dataDir: string,
): ProjectorConfig {
  const flag = env.MUSTER_PROJECTOR ?? 'on';
  if (flag !== 'on' && flag !== 'off') {
    throw new Error(`MUSTER_PROJECTOR must be "on" or "off", got ${JSON.stringify(flag)}.`);
  }
  const grace = Number(env.MUSTER_PROJECTOR_LATE_GRACE_MS ?? '0');
  if (!Number.isInteger(grace) || grace < 0) {
    throw new Error(
      `MUSTER_PROJECTOR_LATE_GRACE_MS must be a whole number of milliseconds, got ${JSON.stringify(env.MUSTER_PROJECTOR_LATE_GRACE_MS)}.`,
    );
  }
  return { enabled: flag === 'on', lateGraceMs: grace, ledgerFile: join(dataDir, 'projector.db') };
}
