import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@muster/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { WriteCoalescer } from '../src/write-coalescer';
import { connect, removeDir, rooms, startRelay, synced, token, waitFor } from './harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('write coalescing', () => {
  it('corks a socket on its first frame of a tick and uncorks every held socket once, at the end of the tick', async () => {
    const calls: string[] = [];
    const socket = (name: string) => ({
      cork: () => calls.push(`cork ${name}`),
      uncork: () => calls.push(`uncork ${name}`),
    });
    const a = socket('a');
    const b = socket('b');
    const writes = new WriteCoalescer();
    writes.hold(a);
    writes.hold(b);
    writes.hold(a);
    expect(calls).toEqual(['cork a', 'cork b']);
    expect(writes.size).toBe(2);
    await new Promise((r) => process.nextTick(r));
    expect(calls).toEqual(['cork a', 'cork b', 'uncork a', 'uncork b']);
    expect(writes.size).toBe(0);
    // A later tick starts over.
    writes.hold(a);
    await new Promise((r) => process.nextTick(r));
    expect(calls.slice(4)).toEqual(['cork a', 'uncork a']);
  });

  it('relays a burst of updates to each member in far fewer writes than frames (counted by strace)', async () => {
    const relay = await startRelay();
    dirs.push(relay.dataDir);
    const providers: WebsocketProvider[] = [];
    const straceOut = join(mkdtempSync(join(tmpdir(), 'muster-writev-')), 'trace');
    dirs.push(join(straceOut, '..'));
    try {
      const ws = newId();
      const room = rooms.doc(ws);
      const tok = await token({ ws, role: 'editor' });
      const sender = connect(relay.url, room, tok);
      const receivers = Array.from({ length: 8 }, () => connect(relay.url, room, tok));
      providers.push(sender, ...receivers);
      await Promise.all(providers.map((p) => synced(p)));

      // Trace the relay's writes from here on (its main thread writes the sockets).
      const strace = spawn(
        'strace',
        ['-e', 'trace=writev,write', '-o', straceOut, '-p', String(relay.child.pid)],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let straceLog = '';
      strace.stderr.on('data', (d: Buffer) => (straceLog += d.toString()));
      await waitFor('strace to attach', () => /attached/i.test(straceLog), 30_000);

      const EDITS = 40;
      const text = sender.doc.getText('t');
      for (let i = 0; i < EDITS; i++) text.insert(text.length, `${i},`); // one update per edit
      const expected = text.toString();
      await waitFor('every receiver to have the burst', () =>
        receivers.every((r) => r.doc.getText('t').toString() === expected),
      );
      const exited = new Promise((r) => strace.once('exit', r));
      strace.kill('SIGINT');
      await exited;

      const trace = readFileSync(straceOut, 'utf8');
      const writes = trace.split('\n').filter((l) => /^(writev|write)\(/.test(l)).length;
      // One write per frame would be EDITS × receivers = 320 (ws writes each frame separately);
      // the relay takes the burst in a few reads, and each read's batch reaches a member in one.
      expect(writes).toBeGreaterThan(0);
      expect(writes).toBeLessThan((EDITS * receivers.length) / 4);
    } finally {
      for (const p of providers) p.destroy();
      await relay.stop();
    }
  });
});
