import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createEditor, type MusterEditor } from '../src/index.js';

/** mulberry32: small, fast, seedable; good enough to shuffle deliveries reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeds for a property test: the fixed regression seeds plus one fresh random seed. Every seed
 * is printed; to replay a failure, add its seed to the test's list.
 */
export function seedsFor(name: string, fixed: number[]): number[] {
  const fresh = Math.floor(Math.random() * 2 ** 31);
  const seeds = [...fixed, fresh];
  console.log(`[seed] ${name}: ${seeds.join(', ')}`);
  return seeds;
}

export interface Peer {
  doc: Y.Doc;
  awareness: Awareness;
  editor: MusterEditor;
  element: HTMLElement;
}

export function mountPeer(name: string, color: string, doc = new Y.Doc()): Peer {
  const element = document.createElement('div');
  element.dataset.peer = name;
  document.body.append(element);
  const awareness = new Awareness(doc);
  const editor = createEditor({ element, doc, awareness, user: { name, color } });
  return { doc, awareness, editor, element };
}

export function unmount(peer: Peer): void {
  peer.editor.destroy();
  peer.awareness.destroy();
  peer.element.remove();
  peer.doc.destroy();
}

const REMOTE = Symbol('remote');

/**
 * Links two docs in memory. Updates queue up per direction and are delivered in a random order
 * when `deliver` is called (Yjs must cope with out-of-order updates); `flush` delivers all.
 */
export class Link {
  private readonly queues: [Uint8Array[], Uint8Array[]] = [[], []];

  constructor(
    private readonly a: Peer,
    private readonly b: Peer,
    private readonly random: () => number,
  ) {
    a.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.queues[0].push(u);
    });
    b.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.queues[1].push(u);
    });
  }

  /** Delivers a random subset of the queued updates, each in a random position. */
  deliver(): void {
    for (const [queue, target] of [
      [this.queues[0], this.b],
      [this.queues[1], this.a],
    ] as const) {
      const count = Math.floor(this.random() * (queue.length + 1));
      for (let i = 0; i < count; i++) {
        const index = Math.floor(this.random() * queue.length);
        const [update] = queue.splice(index, 1);
        if (update) Y.applyUpdate(target.doc, update, REMOTE);
      }
    }
  }

  flush(): void {
    while (this.queues[0].length > 0 || this.queues[1].length > 0) this.deliver();
  }
}
