import * as Y from 'yjs';

/** A small seeded PRNG (mulberry32): the same seed replays the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Message {
  to: number;
  update: Uint8Array;
}

/**
 * Replicas of one room linked by an unreliable in-memory network, in the style of Yjs' own test
 * helper: updates are queued per receiver and delivered in random order, sometimes twice, and a
 * disconnected replica loses what was sent to it until it reconnects and re-syncs by state vector
 * (what the y-websocket protocol does on reconnect).
 */
export class TestNetwork {
  readonly docs: Y.Doc[];
  private readonly queue: Message[] = [];
  private readonly online: boolean[];
  private readonly rand: () => number;

  constructor(replicas: number, rand: () => number, clientIds?: number[]) {
    this.rand = rand;
    this.docs = [];
    this.online = [];
    for (let i = 0; i < replicas; i++) {
      const doc = new Y.Doc();
      // Fixed client ids keep a seed's run identical from one run to the next.
      if (clientIds) doc.clientID = clientIds[i] as number;
      this.docs.push(doc);
      this.online.push(true);
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === this) return;
        if (!this.online[i]) return; // kept locally; sent on reconnect by state vector
        for (let j = 0; j < replicas; j++)
          if (j !== i && this.online[j]) this.queue.push({ to: j, update });
      });
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  isOnline(i: number): boolean {
    return this.online[i] as boolean;
  }

  /** Deliver one random queued message; sometimes deliver it again later (duplicates). */
  deliverOne(): void {
    if (this.queue.length === 0) return;
    const k = Math.floor(this.rand() * this.queue.length);
    const msg = this.queue[k] as Message;
    if (this.rand() < 0.9) this.queue.splice(k, 1);
    if (!this.online[msg.to]) return;
    Y.applyUpdate(this.docs[msg.to] as Y.Doc, msg.update, this);
  }

  disconnect(i: number): void {
    this.online[i] = false;
    // What was in flight to it is lost with the connection.
    for (let k = this.queue.length - 1; k >= 0; k--)
      if ((this.queue[k] as Message).to === i) this.queue.splice(k, 1);
  }

  reconnect(i: number): void {
    if (this.online[i]) return;
    this.online[i] = true;
    const doc = this.docs[i] as Y.Doc;
    for (let j = 0; j < this.docs.length; j++) {
      if (j === i || !this.online[j]) continue;
      const other = this.docs[j] as Y.Doc;
      // Sync step 1/2 both ways, as a reconnecting y-websocket client does.
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), this);
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), this);
    }
  }

  /** Reconnect everyone and deliver everything, then a final full sync so all must be equal. */
  flush(): void {
    for (let i = 0; i < this.docs.length; i++) this.reconnect(i);
    while (this.queue.length > 0) this.deliverOne();
    for (const a of this.docs) {
      for (const b of this.docs)
        if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), this);
    }
  }
}

/**
 * Several rooms' networks driven together, as one device's connection carries all its rooms:
 * a step delivers one message in each, and disconnects and reconnects happen to all at once.
 */
export class LinkedNetworks {
  constructor(readonly networks: readonly TestNetwork[]) {}

  deliverOne(): void {
    for (const n of this.networks) n.deliverOne();
  }

  disconnect(i: number): void {
    for (const n of this.networks) n.disconnect(i);
  }

  reconnect(i: number): void {
    for (const n of this.networks) n.reconnect(i);
  }

  flush(): void {
    for (const n of this.networks) n.flush();
  }
}
