import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DurabilityStats } from './storage/storage';

/** The relay's Prometheus metrics, one registry per server (no global registry). */
export interface SyncMetrics {
  registry: Registry;
  connections: Gauge;
  roomsLoaded: Gauge;
  updates: Counter;
  bytesIn: Counter;
  bytesOut: Counter;
  persistSeconds: Histogram;
  commitBatchSize: Histogram;
  rejectedFrames: Counter<'reason'>;
  refusedConnections: Counter<'code'>;
  compactions: Counter;
  compactionBlockSeconds: Histogram;
}

/**
 * Create the metrics on a fresh registry. `durability` reads the store's counts of how commits
 * reached the disk, exported as counters when scraped.
 */
export function createMetrics(durability?: () => DurabilityStats): SyncMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  if (durability) {
    new Counter({
      name: 'muster_sync_commits_total',
      help: 'Storage commits, by whether they were on disk (synced) or in the OS cache (relaxed) when they resolved.',
      labelNames: ['durability'],
      registers,
      collect() {
        const s = durability();
        this.reset();
        this.inc({ durability: 'synced' }, s.syncedCommits);
        this.inc({ durability: 'relaxed' }, s.relaxedCommits);
      },
    });
    new Counter({
      name: 'muster_sync_log_flushes_total',
      help: 'fsyncs of the SQLite log made off the event loop (MUSTER_SQLITE_SYNCHRONOUS=mixed).',
      registers,
      collect() {
        this.reset();
        this.inc(durability().logFlushes);
      },
    });
    new Counter({
      name: 'muster_sync_checkpoints_total',
      help: 'SQLite WAL checkpoints run off the event loop (commits on it leave checkpoints to a thread).',
      registers,
      collect() {
        this.reset();
        this.inc(durability().checkpoints);
      },
    });
  }
  return {
    registry,
    connections: new Gauge({
      name: 'muster_sync_connections',
      help: 'Open WebSocket connections.',
      registers,
    }),
    roomsLoaded: new Gauge({
      name: 'muster_sync_rooms_loaded',
      help: 'Rooms held in memory.',
      registers,
    }),
    updates: new Counter({
      name: 'muster_sync_updates_total',
      help: 'Document updates persisted and relayed (rate() gives updates/s).',
      registers,
    }),
    bytesIn: new Counter({
      name: 'muster_sync_bytes_in_total',
      help: 'Bytes received in frames.',
      registers,
    }),
    bytesOut: new Counter({
      name: 'muster_sync_bytes_out_total',
      help: 'Bytes sent in frames.',
      registers,
    }),
    persistSeconds: new Histogram({
      name: 'muster_sync_persist_seconds',
      help: 'Duration of one group commit (transaction + fsync).',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    commitBatchSize: new Histogram({
      name: 'muster_sync_commit_batch_size',
      help: 'Updates per group commit.',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers,
    }),
    rejectedFrames: new Counter({
      name: 'muster_sync_rejected_frames_total',
      help: 'Frames refused, by reason.',
      labelNames: ['reason'],
      registers,
    }),
    refusedConnections: new Counter({
      name: 'muster_sync_refused_connections_total',
      help: 'Connections closed by the relay before or during use, by close code.',
      labelNames: ['code'],
      registers,
    }),
    compactions: new Counter({
      name: 'muster_sync_compactions_total',
      help: 'Room compactions.',
      registers,
    }),
    compactionBlockSeconds: new Histogram({
      name: 'muster_sync_compaction_block_seconds',
      help: 'Longest synchronous slice of each compaction (event-loop block).',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
  };
}
