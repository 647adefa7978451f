import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import {
  createWorkspace,
  inviteLink,
  joinWithNewAccount,
  newPerson,
  signUp,
  untilServiceWorkerControls,
} from './helpers';
import {
  addColumn,
  cell,
  createTable,
  gridText,
  pasteText,
  selectCell,
  tableStatus,
} from './grid-helpers';

test('an editor offline edits the grid, reloads while offline, comes back and converges', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ownerContext = await browser.newContext();
  const editorContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const editor = await editorContext.newPage();

  await signUp(owner, newPerson('Oli'));
  const ws = await createWorkspace(owner, 'Depot 9', 'Europe/Berlin');
  const link = await inviteLink(owner, ws, 'editor');
  await joinWithNewAccount(editor, link, newPerson('Fay'));
  const id = await createTable(owner, ws, 'Stock');
  await addColumn(owner, 'Item');
  await addColumn(owner, 'Count', 'Number');
  await owner.getByRole('button', { name: 'Add row' }).click();
  await selectCell(owner, 0, 0);
  await pasteText(owner, 'Masks\t100\r\nGloves\t40\r\n');
  await expect(tableStatus(owner)).toHaveText('All changes saved');

  // One online visit, then a reload once the service worker controls the page (it caches it).
  await editor.goto(`/w/${ws}/tables/${id}`);
  await expect(cell(editor, 1, 0)).toHaveText('Gloves');
  await untilServiceWorkerControls(editor);
  await editor.reload();
  await expect(tableStatus(editor)).toHaveText('All changes saved');

  // Going offline does not close an open socket in Chromium; the reload starts without network.
  await editorContext.setOffline(true);
  await editor.reload();
  await expect(tableStatus(editor)).toHaveText('Offline');
  await selectCell(editor, 1, 1);
  await editor.keyboard.type('35');
  await editor.keyboard.press('Enter');
  // Reload only once the change is on the device: before that, it exists only in the page.
  await expect(tableStatus(editor)).toHaveText('Offline — 1 change waiting, saved on this device');

  // Reload while offline: the app shell comes from the service worker, the table from IndexedDB.
  await editor.reload();
  await expect(cell(editor, 1, 1)).toHaveText('35');
  await selectCell(editor, 1, 0);
  await pasteText(editor, 'Aprons\t12\r\n');
  await expect(cell(editor, 1, 0)).toHaveText('Aprons');
  await expect(tableStatus(editor)).toHaveText(/^Offline/);

  // Meanwhile the owner changes another cell online.
  await selectCell(owner, 0, 1);
  await owner.keyboard.type('90');
  await owner.keyboard.press('Enter');
  await expect(cell(owner, 0, 1)).toHaveText('90');

  await editorContext.setOffline(false);
  await expect(tableStatus(editor)).toHaveText('All changes saved', { timeout: 30_000 });
  await expect(cell(owner, 1, 0)).toHaveText('Aprons');
  await expect(cell(owner, 1, 1)).toHaveText('12');
  await expect(cell(editor, 0, 1)).toHaveText('90');
  await expect
    .poll(async () => JSON.stringify(await gridText(editor)))
    .toBe(
      JSON.stringify([
        ['Masks', '90'],
        ['Aprons', '12'],
      ]),
    );
  expect(await gridText(owner)).toEqual(await gridText(editor));
  await ownerContext.close();
  await editorContext.close();
});

/** Encode a y-websocket sync message (type 0) of subtype `sub` carrying `payload`. */
function syncMessage(sub: number, payload: Uint8Array): number[] {
  const out = [0, sub];
  let n = payload.length;
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return [...out, ...payload];
}

/** The payload of a sync message: skip the two type bytes and the length. */
function syncPayload(message: number[]): Uint8Array {
  let i = 2;
  while ((message[i] ?? 0) & 0x80) i++;
  return Uint8Array.from(message.slice(i + 1));
}

test('a viewer gets a read-only grid and the relay refuses its writes', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const viewerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const viewer = await viewerContext.newPage();

  await signUp(owner, newPerson('Ros'));
  const ws = await createWorkspace(owner, 'Clinic 2', 'Asia/Shanghai');
  const link = await inviteLink(owner, ws, 'viewer');
  await joinWithNewAccount(viewer, link, newPerson('Vic'));
  const id = await createTable(owner, ws, 'Roster');
  await addColumn(owner, 'Name');
  await owner.getByRole('button', { name: 'Add row' }).click();
  await selectCell(owner, 0, 0);
  await owner.keyboard.type('Kim');
  await owner.keyboard.press('Enter');
  await expect(tableStatus(owner)).toHaveText('All changes saved');

  // The UI: no edit controls, keys and pastes change nothing, copying still works.
  await viewer.goto(`/w/${ws}/tables/${id}`);
  await expect(cell(viewer, 0, 0)).toHaveText('Kim');
  await expect(viewer.getByTestId('read-only')).toBeVisible();
  await expect(viewer.getByRole('grid')).toHaveAttribute('aria-readonly', 'true');
  await expect(viewer.getByRole('button', { name: 'Add row' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Add column' })).toHaveCount(0);
  await expect(viewer.getByText('Import CSV / XLSX')).toHaveCount(0);
  await selectCell(viewer, 0, 0);
  await viewer.keyboard.press('Enter');
  await viewer.keyboard.type('Mallory');
  await viewer.keyboard.press('Delete');
  await expect(viewer.getByTestId('cell-editor')).toHaveCount(0);
  await pasteText(viewer, 'Mallory');
  await expect(viewer.getByTestId('grid-message')).toHaveText('This table is read-only for you.');
  await expect(cell(viewer, 0, 0)).toHaveText('Kim');

  // The relay: a hand-made update sent with the viewer's own token is dropped. The same
  // connection then asks for the room's state, which the relay answers after the update.
  const forged = new Y.Doc();
  forged.getMap('rows').set('intruder', new Y.Map());
  const update = syncMessage(2, Y.encodeStateAsUpdate(forged));
  const askState = syncMessage(0, Y.encodeStateVector(new Y.Doc()));
  const room = `ws/${ws}/table/${id}`;
  const answer = await viewer.evaluate(
    async ({ room, update, askState }) => {
      const response = await fetch('/api/sync-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ws: room.split('/')[1] }),
      });
      const { token, url } = (await response.json()) as { token: string; url: string };
      const socket = new WebSocket(`${url}/${room}?token=${encodeURIComponent(token)}`);
      socket.binaryType = 'arraybuffer';
      const received: number[][] = [];
      return new Promise<{ messages: number[][]; closed: number | null }>((done) => {
        let closed: number | null = null;
        socket.onopen = () => {
          socket.send(Uint8Array.from(update));
          socket.send(Uint8Array.from(askState));
        };
        socket.onclose = (e) => {
          closed = e.code;
          done({ messages: received, closed });
        };
        socket.onmessage = (e) => {
          const bytes = [...new Uint8Array(e.data as ArrayBuffer)];
          received.push(bytes);
          if (bytes[0] === 0 && bytes[1] === 1) {
            socket.close();
            done({ messages: received, closed });
          }
        };
      });
    },
    { room, update, askState },
  );
  expect(answer.closed).toBeNull();
  // The relay told the connection it is read-only (y-websocket auth message, "permission denied").
  expect(answer.messages.some((m) => m[0] === 2)).toBe(true);
  const state = answer.messages.find((m) => m[0] === 0 && m[1] === 1)!;
  const relayed = new Y.Doc();
  Y.applyUpdate(relayed, syncPayload(state));
  const rows = relayed.getMap('rows');
  expect(rows.size).toBe(1);
  expect(rows.has('intruder')).toBe(false);

  // And nobody sees it: the owner's grid still has one row after the viewer reloads.
  await viewer.reload();
  await expect(cell(viewer, 0, 0)).toHaveText('Kim');
  await expect(owner.getByTestId('row-count')).toHaveText('1 rows');
  await expect(viewer.getByTestId('grid')).toHaveAttribute('data-rows', '1');
  await ownerContext.close();
  await viewerContext.close();
});
