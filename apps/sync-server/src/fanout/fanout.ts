/**
 * Cross-process fan-out (issue 9): every relay process publishes the durable updates and the
 * awareness changes of its rooms, and receives those of the other processes for the rooms it has
 * loaded. Fan-out is a delivery path only, never storage: an update is published after it is
 * durable in the shared database, so a lost message costs latency (the receiver catches up from
 * the database on reconnect), never data.
 */

/** What travels between processes. */
export const FanoutKind = {
  /** A durable Yjs update, with the storage sequence number it was committed under. */
  update: 1,
  /** An awareness update (presence, cursors); not stored anywhere. */
  awareness: 2,
} as const;
export type FanoutKind = (typeof FanoutKind)[keyof typeof FanoutKind];

export interface FanoutMessage {
  room: string;
  kind: FanoutKind;
  data: Uint8Array;
  /** Storage sequence number of an update; 0 for awareness. */
  seq: number;
  /** Id of the publishing process. */
  origin: string;
}

export type FanoutHandler = (message: FanoutMessage) => void;

export interface Fanout {
  /** This process's id, as it appears in `origin`. */
  readonly processId: string;
  /** Receive the room's messages from other processes; resolves once the subscription is live. */
  subscribe(room: string, handler: FanoutHandler): Promise<void>;
  unsubscribe(room: string): Promise<void>;
  /** Send to the other processes (fire and forget: delivery is best effort by design). */
  publish(room: string, kind: FanoutKind, data: Uint8Array, seq?: number): void;
  /**
   * Called after the connection to the broker came back: messages may have been missed, so every
   * loaded room should catch up from the database.
   */
  onResubscribed(listener: () => void): () => void;
  close(): Promise<void>;
}
