/**
 * The persistence contract. SQLite implements it today; PostgreSQL (issue 9) implements the same
 * methods and passes the same contract suite (`test/storage-contract.test.ts`).
 */
export interface RoomStorage {
  /**
   * Append updates to their rooms' logs in one durable transaction (one fsync). Resolves with
   * each update's sequence number, in order, once the commit is durable; rejects if nothing was
   * written.
   */
  appendUpdates(items: readonly AppendItem[]): Promise<number[]>;
  /** Read a room: its snapshot (if compacted) and the log after it, oldest first. */
  loadRoom(room: string): Promise<StoredRoom>;
  /**
   * Replace every log entry of `room` with `seq <= uptoSeq` by `snapshot` (which must contain
   * them all), atomically. Entries appended after `uptoSeq` stay in the log.
   */
  compact(room: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /**
   * Optional: compact `room` entirely off the event loop (read, merge and write on another
   * thread), with the same atomicity as {@link compact}. Resolves with what the new snapshot
   * covers, or null when there was nothing to compact. Without it, the compactor reads, merges on
   * its merge thread, and calls `compact`.
   */
  compactRoom?(room: string): Promise<CompactedRoom | null>;
  /** Optional: how commits were made durable so far. */
  durabilityStats?(): DurabilityStats;
  /** Every stored room with its sizes. */
  listRooms(): Promise<RoomInfo[]>;
  /** Release the database. */
  close(): Promise<void>;
}

/** One update for {@link RoomStorage.appendUpdates}. */
export interface AppendItem {
  room: string;
  update: Uint8Array;
  /**
   * Only the server holds this update (a receipt, a projected row): the append must not resolve
   * before it is on disk, whatever the store's policy for client updates (which their senders
   * keep and send again after a loss).
   */
  sync?: boolean;
}

/**
 * How a store makes commits durable, counted since it opened (the relay exports these as
 * metrics). `syncedCommits`: commits flushed to disk before they resolved; `relaxedCommits`:
 * commits that resolved once written to the operating system (a process crash keeps them);
 * `logFlushes`: fsyncs of the log made off the event loop, each putting every earlier commit on
 * disk.
 */
export interface DurabilityStats {
  syncedCommits: number;
  relaxedCommits: number;
  logFlushes: number;
  /** WAL checkpoints run off the event loop (storages that commit on it). */
  checkpoints: number;
}

/** What {@link RoomStorage.loadRoom} returns. */
export interface StoredRoom {
  snapshot: Uint8Array | null;
  /** Log entries after the snapshot, oldest first. */
  updates: { seq: number; update: Uint8Array }[];
  /** Highest sequence number included (snapshot or log); 0 for an empty room. */
  lastSeq: number;
}

/** Sizes of one stored room, for `stats` and the room-size limit. */
export interface RoomInfo {
  room: string;
  snapshotBytes: number;
  logLength: number;
  logBytes: number;
}

/** What {@link RoomStorage.compactRoom} did. */
export interface CompactedRoom {
  /** Highest sequence number now inside the snapshot. */
  upto: number;
  snapshotBytes: number;
}
