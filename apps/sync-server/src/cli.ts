import { roomName } from '@muster/core';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isRole } from '@muster/core';
import { secretKey, signToken } from './auth';
import { compactStoredRoom, exportStoredRoom } from './compactor';
import { readConfig } from './config';
import { databaseFile, resolveSecret } from './secret';
import { openSqliteStorage } from './storage/sqlite-storage';

const USAGE = `muster-sync — Muster sync server tools (reads MUSTER_DATA_DIR and MUSTER_SECRET)

  muster-sync token --ws W --sub U --role owner|editor|viewer|respondent [--rooms P1,P2] [--ttl 1h]
      print a signed sync token (ttl: 30s, 15m, 1h, 7d; rooms: room names, '*' for any id)
  muster-sync export <room>     write the room's state as one Yjs update to stdout
  muster-sync compact [<room>]  merge a room's log (or every room's) into one snapshot
  muster-sync stats             print rooms, snapshot sizes and log lengths
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseTtl(text: string): number {
  const m = /^(\d+)(s|m|h|d)?$/.exec(text);
  if (!m) fail(`Invalid --ttl ${JSON.stringify(text)}: use a number with s, m, h or d, e.g. 1h.`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

function checkedRoom(name: string | undefined): string {
  if (!name) fail('Missing <room>.');
  const result = roomName.validate(name);
  if (!result.ok) fail(result.error.message);
  return name;
}

/** Run the CLI with `argv` (without node and script). Returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = readConfig(process.env);
  const dbFile = databaseFile(config.dataDir);
  const openDb = (readonly: boolean) => {
    if (!existsSync(dbFile))
      fail(`No database at ${dbFile}; start the server once or set MUSTER_DATA_DIR.`);
    return openSqliteStorage(dbFile, { readonly, synchronous: config.sqliteSynchronous });
  };
  switch (command) {
    case 'token': {
      const { values } = parseArgs({
        args: rest,
        options: {
          ws: { type: 'string' },
          sub: { type: 'string' },
          role: { type: 'string' },
          rooms: { type: 'string' },
          ttl: { type: 'string', default: '1h' },
        },
      });
      if (!values.ws || !values.sub || !values.role)
        fail('token needs --ws, --sub and --role.\n\n' + USAGE);
      if (!isRole(values.role)) fail(`Unknown role ${JSON.stringify(values.role)}.`);
      const key = secretKey(resolveSecret(config.secret, config.dataDir));
      const rooms = values.rooms?.split(',').filter((r) => r.length > 0);
      const token = await signToken(
        key,
        { ws: values.ws, sub: values.sub, role: values.role, ...(rooms ? { rooms } : {}) },
        parseTtl(values.ttl ?? '1h'),
      );
      process.stdout.write(`${token}\n`);
      return 0;
    }
    case 'export': {
      const name = checkedRoom(rest[0]);
      const storage = openDb(true);
      const update = await exportStoredRoom(storage, name);
      await storage.close();
      await new Promise<void>((resolve, reject) =>
        process.stdout.write(update, (err) => (err ? reject(err) : resolve())),
      );
      return 0;
    }
    case 'compact': {
      const storage = openDb(false);
      const names = rest[0]
        ? [checkedRoom(rest[0])]
        : (await storage.listRooms()).map((r) => r.room);
      for (const name of names) {
        const ms = await compactStoredRoom(storage, name);
        process.stdout.write(`compacted ${name} (longest slice ${ms.toFixed(1)} ms)\n`);
      }
      await storage.close();
      return 0;
    }
    case 'stats': {
      const storage = openDb(true);
      const rooms = await storage.listRooms();
      await storage.close();
      process.stdout.write(
        `${'room'.padEnd(90)} ${'snapshot B'.padStart(12)} ${'log n'.padStart(8)} ${'log B'.padStart(12)}\n`,
      );
      for (const r of rooms) {
        process.stdout.write(
          `${r.room.padEnd(90)} ${String(r.snapshotBytes).padStart(12)} ${String(r.logLength).padStart(8)} ${String(r.logBytes).padStart(12)}\n`,
        );
      }
      process.stdout.write(`${rooms.length} rooms\n`);
      return 0;
    }
    default:
      process.stdout.write(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}
