import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config';

describe('configuration', () => {
  it('MUSTER_SQLITE_SYNCHRONOUS: mixed by default, full or normal on request, anything else refused by name', () => {
    expect(readConfig({}).sqliteSynchronous).toBe('MIXED');
    expect(readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'mixed' }).sqliteSynchronous).toBe('MIXED');
    expect(readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous).toBe('NORMAL');
    expect(readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'FULL' }).sqliteSynchronous).toBe('FULL');
    // The older name still works; the new one wins.
    expect(readConfig({ MUSTER_SYNC_SQLITE_SYNC: 'NORMAL' }).sqliteSynchronous).toBe('NORMAL');
    expect(
      readConfig({ MUSTER_SYNC_SQLITE_SYNC: 'NORMAL', MUSTER_SQLITE_SYNCHRONOUS: 'full' })
        .sqliteSynchronous,
    ).toBe('FULL');
    expect(() => readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'off' })).toThrow(
      /MUSTER_SQLITE_SYNCHRONOUS must be mixed, full or normal/,
    );
  });

  it('MUSTER_SQLITE_FLUSH_MS: 20 by default, 0 to 1000', () => {
    expect(readConfig({}).sqliteFlushMs).toBe(20);
    expect(readConfig({ MUSTER_SQLITE_FLUSH_MS: '0' }).sqliteFlushMs).toBe(0);
    expect(() => readConfig({ MUSTER_SQLITE_FLUSH_MS: '5000' })).toThrow(/MUSTER_SQLITE_FLUSH_MS/);
  });

  it('MUSTER_SQLITE_WRITER: a writer thread for full, inline for normal, either on request', () => {
    expect(readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'full' }).sqliteWriter).toBe('thread');
    expect(readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'normal' }).sqliteWriter).toBe('inline');
    expect(
      readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'full', MUSTER_SQLITE_WRITER: 'inline' })
        .sqliteWriter,
    ).toBe('inline');
    expect(() => readConfig({ MUSTER_SQLITE_WRITER: 'fork' })).toThrow(
      /MUSTER_SQLITE_WRITER must be inline or thread/,
    );
  });
});
