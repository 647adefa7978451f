// Node-side helpers of the dashboard, work-log and notice end-to-end tests: people and rooms are
// written with the web app's own server code and through the running relay with the stock
// y-websocket client (the same paths the app uses), never with raw SQL.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WorkspaceIndex } from '../../apps/web/node_modules/@muster/core/src/index';
import { signUp } from '../../apps/web/src/lib/server/auth/accounts';
import { openSqliteStore } from '../../apps/web/src/lib/server/db/sqlite-store';
import { loadSecret } from '../../apps/web/src/lib/server/secret';
import { mintSyncToken } from '../../apps/web/src/lib/server/sync-token';
import { openRelayDoc, type RelayDoc } from '../../apps/web/src/lib/dashboard/seed/relay-doc';

export const dataDir = (): string => process.env.MUSTER_E2E_DATA_DIR as string;
export const relayUrl = (): string => `ws://127.0.0.1:${process.env.MUSTER_E2E_SYNC_PORT}`;

/** Accounts that are members of workspace `ws` with role `viewer` (staff who fill in forms). */
export async function addViewers(
  ws: string,
  people: { name: string; email: string; password: string }[],
): Promise<string[]> {
  const store = openSqliteStore(join(dataDir(), 'muster.db'));
  try {
    const ids: string[] = [];
    for (const p of people) {
      const made = await signUp(store, p);
      if (!made.ok) throw new Error(`Sign-up of ${p.email} failed: ${JSON.stringify(made.errors)}`);
      await store.addMember(ws, made.user.id, 'viewer', new Date());
      ids.push(made.user.id);
    }
    return ids;
  } finally {
    await store.close();
  }
}

/** The id of the account with `email`. */
export async function userId(email: string): Promise<string> {
  const store = openSqliteStore(join(dataDir(), 'muster.db'));
  try {
    const u = await store.userByEmail(email);
    if (!u) throw new Error(`No account ${email}.`);
    return u.id;
  } finally {
    await store.close();
  }
}

/** Open a workspace room through the relay as `sub` with `role` (a token like the app mints). */
export async function openAs(
  ws: string,
  room: string,
  sub: string,
  role: 'owner' | 'editor' | 'viewer',
): Promise<RelayDoc> {
  const secret = await loadSecret(dataDir(), undefined);
  return openRelayDoc({
    url: relayUrl(),
    room,
    token: async () => (await mintSyncToken(secret, { sub, ws, role })).token,
  });
}

/**
 * Write a department tree and its people into the workspace index as its owner: each entry of
 * `people` is `[member id or null for a new id, name, department name]`.
 */
export async function writeDirectory(
  ws: string,
  owner: string,
  tree: { name: string; parent: string | null }[],
  people: [string | null, string, string][],
): Promise<Record<string, string>> {
  const relay = await openAs(ws, `ws/${ws}/index`, owner, 'owner');
  try {
    const index = new WorkspaceIndex(relay.doc);
    const ids: Record<string, string> = {};
    relay.doc.transact(() => {
      for (const d of tree)
        ids[d.name] = index.addDepartment({
          name: d.name,
          parent: d.parent ? ids[d.parent] : null,
        });
      for (const [id, name, dept] of people)
        index.addMember({ ...(id ? { id } : {}), name, department: ids[dept], role: 'viewer' });
    });
    await relay.stored();
    return ids;
  } finally {
    relay.destroy();
  }
}

interface Workbook {
  xlsx: { readFile(path: string): Promise<unknown> };
  worksheets: { rowCount: number; getRow(n: number): { values: unknown } }[];
}

/** Every row of an XLSX file's first sheet, read back with exceljs (the library that wrote it). */
export async function readXlsx(path: string): Promise<unknown[][]> {
  // exceljs is the web app's dependency, not the test root's: load it from there.
  const webRequire = createRequire(new URL('../../apps/web/package.json', import.meta.url));
  const ExcelJS = webRequire('exceljs') as { Workbook: new () => Workbook };
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error(`${path} has no sheet.`);
  // exceljs rows are 1-based and their values arrays start with an empty slot.
  return Array.from({ length: sheet.rowCount }, (_, i) =>
    (sheet.getRow(i + 1).values as unknown[]).slice(1),
  );
}
