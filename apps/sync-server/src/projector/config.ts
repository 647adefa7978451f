import { join } from 'node:path';

/** Projector settings, read once at startup. */
export interface ProjectorConfig {
  /** `MUSTER_PROJECTOR=off` runs a bare relay (tests of restart safety use it). */
  enabled: boolean;
  /** Accept edits this long after a period closes (devices that were offline). */
  lateGraceMs: number;
  /** The single-process ledger file, `<dataDir>/projector.db`. */
  ledgerFile: string;
  /** Several processes: how long a form's lease outlives its holder's last heartbeat. */
  leaseMs: number;
  /** Several processes: how often each process looks for forms with pending submissions. */
  sweepMs: number;
}

function wholeMs(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
): number {
  const raw = env[name];
  const n = Number(raw ?? String(fallback));
  if (!Number.isInteger(n) || n < min) {
    throw new Error(
      `${name} must be a whole number of milliseconds of at least ${min}, got ${JSON.stringify(raw)}.`,
    );
  }
  return n;
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
  return {
    enabled: flag === 'on',
    lateGraceMs: wholeMs(env, 'MUSTER_PROJECTOR_LATE_GRACE_MS', 0, 0),
    ledgerFile: join(dataDir, 'projector.db'),
    leaseMs: wholeMs(env, 'MUSTER_PROJECTOR_LEASE_MS', 10_000, 100),
    sweepMs: wholeMs(env, 'MUSTER_PROJECTOR_SWEEP_MS', 1000, 10),
  };
}
