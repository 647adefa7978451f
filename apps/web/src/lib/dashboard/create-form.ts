import { newId, type WorkspaceIndex } from '@muster/core';
import { openRoom } from '$lib/sync/open-room';
import { writeNewForm } from './new-form';

/**
 * Create a form room from a template in the browser (work logs, notices): written locally first
 * (IndexedDB), then sent; resolves once the relay has it or after `waitMs` (it is sent on the next
 * open otherwise). Returns the new form's id.
 */
export async function createFormRoom(
  ws: string,
  index: WorkspaceIndex,
  options: Omit<Parameters<typeof writeNewForm>[0], 'formDoc' | 'index' | 'id'>,
  waitMs = 10_000,
): Promise<string> {
  const id = newId();
  const room = await openRoom(ws, `ws/${ws}/form/${id}`);
  try {
    writeNewForm({ ...options, formDoc: room.doc, index, id });
    await new Promise<void>((done) => {
      if (room.status().state === 'synced') return done();
      const timer = setTimeout(done, waitMs);
      const stop = room.onStatus((s) => {
        if (s.state !== 'synced') return;
        clearTimeout(timer);
        stop();
        done();
      });
    });
  } finally {
    room.destroy();
  }
  return id;
}
