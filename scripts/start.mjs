// `pnpm start`: build the web app, then run the sync server and the web app together on one data
// dir (embedded SQLite by default), print the URL, and stop both on Ctrl-C or SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const webPort = process.env.PORT || '3000';
const syncPort = process.env.MUSTER_SYNC_PORT || '1234';
// Both processes must see the same absolute data dir: muster.db and the token secret live there.
const dataDir = resolve(root, process.env.MUSTER_DATA_DIR || 'data');
const origin = process.env.ORIGIN || `http://localhost:${webPort}`;
const env = { ...process.env, MUSTER_DATA_DIR: dataDir, MUSTER_SYNC_PORT: syncPort };

const built = spawnSync('pnpm', ['--filter', '@muster/web', 'run', 'build'], {
  cwd: root,
  stdio: 'inherit',
  env,
});
if (built.status !== 0) {
  console.error('Building the web app failed; see the output above.');
  process.exit(built.status ?? 1);
}

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;

function stopAll(signal) {
  stopping = true;
  for (const child of children) {
    // Each child leads its own process group, so pnpm/tsx wrappers and what they run all stop.
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    }
  }
}

function run(name, command, args, extraEnv) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
    detached: true,
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit code ${code}`}); stopping Muster.`);
      process.exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit();
  });
  return child;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => stopAll(signal === 'SIGINT' ? 'SIGTERM' : signal));
}

async function waitFor(url, what) {
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return true;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  if (!stopping) {
    console.error(`${what} did not start within a minute; stopping Muster.`);
    process.exitCode = 1;
    stopAll('SIGTERM');
  }
  return false;
}

run('The sync server', 'pnpm', ['--filter', '@muster/sync-server', 'start'], {});
// The web app starts after the relay, which creates the shared secret file on first start.
if (await waitFor(`http://127.0.0.1:${syncPort}/healthz`, 'The sync server')) {
  run('The web app', process.execPath, [resolve(root, 'apps/web/build')], {
    PORT: webPort,
    ORIGIN: origin,
  });
  if (await waitFor(`http://127.0.0.1:${webPort}/signin`, 'The web app')) {
    console.log(`\nMuster is running at ${origin}\n(data in ${dataDir}; Ctrl-C stops it)`);
    // `pnpm start -- --demo`: fill a demo hospital through the running relay (once per data dir).
    if (process.argv.includes('--demo')) {
      const demo = resolve(root, 'apps/web/src/lib/dashboard/seed/demo.ts');
      spawn('pnpm', ['exec', 'tsx', demo], {
        cwd: root,
        env: { ...env, ORIGIN: origin },
        stdio: 'inherit',
      });
    }
  }
}
