import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config';

describe('configuration', () => {
  it('MUSTER_SQLITE_SYNCHRONOUS: full by default, normal on request, anything else refused by name', () => {
    expect(readConfig({}).sqliteSynchronous).toBe('FULL');
    expect(readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous).toBe('NORMAL');
    expect(readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'FULL' }).sqliteSynchronous).toBe('FULL');
    // The older name still works; the new one wins.
    expect(readConfig({ MUSTER_SYNC_SQLITE_SYNC: 'NORMAL' }).sqliteSynchronous).toBe('NORMAL');
    expect(
      readConfig({ MUSTER_SYNC_SQLITE_SYNC: 'NORMAL', MUSTER_SQLITE_SYNCHRONOUS: 'full' })
        .sqliteSynchronous,
    ).toBe('FULL');
    expect(() => readConfig({ MUSTER_SQLITE_SYNCHRONOUS: 'off' })).toThrow(
      /MUSTER_SQLITE_SYNCHRONOUS must be full or normal/,
    );
  });
});
