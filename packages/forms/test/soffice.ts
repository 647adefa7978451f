import { execFileSync, spawnSync } from 'node:child_process';

function found(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], {
    encoding: 'utf8',
  });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : null;
}

/**
 * The LibreOffice binary, installed with apt when missing and we are root. Not being able to
 * install it fails the test with one sentence saying what to run; it is never skipped.
 */
export function ensureSoffice(): string {
  const existing = found();
  if (existing) return existing;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'LibreOffice is needed for the XLSX round-trip test: run `sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui` and re-run the tests.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'libreoffice-calc-nogui'], {
    stdio: 'ignore',
    env,
  });
  const installed = found();
  if (!installed)
    throw new Error('apt-get installed libreoffice-calc-nogui but `soffice` is still not on PATH.');
  return installed;
}
