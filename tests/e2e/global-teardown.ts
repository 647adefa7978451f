import { rmSync } from 'node:fs';

/** Remove the run's temporary data dir (the config created it). */
export default function globalTeardown(): void {
  const dir = process.env.MUSTER_E2E_DATA_DIR;
  if (dir?.includes('muster-e2e-')) rmSync(dir, { recursive: true, force: true });
}
