// Browser tests drive Debian's Chromium; Playwright cannot download a browser on our machines.
// Finds it, installs it with apt when we are root, or stops with one sentence saying what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `Chromium not found at ${path}: run "sudo apt-get install -y chromium" (or set CHROMIUM_PATH) and try again.`,
    );
    process.exit(1);
  }
  console.log(`Chromium not found at ${path}; installing Debian's chromium with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
  }
  if (!existsSync(path)) {
    console.error(
      `apt-get finished but ${path} is still missing: set CHROMIUM_PATH to your Chromium binary.`,
    );
    process.exit(1);
  }
}
