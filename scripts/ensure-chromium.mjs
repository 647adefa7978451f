// Browser tests drive Debian's Chromium; Playwright cannot download a browser on our machines.
// Finds it (and a CJK font, so zh-CN pages render as text rather than boxes in screenshots),
// installs what is missing with apt when we are root, or stops with one sentence saying what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const missing = [];
if (!existsSync(path)) missing.push('chromium');
// Only Debian's packaged font is looked for; with a custom CHROMIUM_PATH the font is yours to manage.
if (!existsSync(cjkFont) && process.env.CHROMIUM_PATH === undefined)
  missing.push('fonts-wqy-microhei');

if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    if (missing.includes('chromium')) {
      console.error(
        `Chromium not found at ${path}: run "sudo apt-get install -y chromium fonts-wqy-microhei" (or set CHROMIUM_PATH) and try again.`,
      );
      process.exit(1);
    }
    console.warn(
      'No CJK font: Chinese text in screenshots will show as boxes ("sudo apt-get install -y fonts-wqy-microhei").',
    );
  } else {
    console.log(`Installing ${missing.join(' and ')} with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () =>
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
        stdio: 'inherit',
        env,
      });
    try {
      install();
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
      install();
    }
    if (!existsSync(path)) {
      console.error(
        `apt-get finished but ${path} is still missing: set CHROMIUM_PATH to your Chromium binary.`,
      );
      process.exit(1);
    }
  }
}
