import { describe, expect, it } from 'vitest';
import { MAX_FIELD_LENGTH, readFields, safeNext } from './http';

describe('safeNext', () => {
  it('keeps local paths', () => {
    expect(safeNext('/w/AAAAAAAAAAAAAAAA/members')).toBe('/w/AAAAAAAAAAAAAAAA/members');
    expect(safeNext('/invite/abc?x=1')).toBe('/invite/abc?x=1');
  });

  it('refuses other hosts and junk (no open redirect)', () => {
    for (const bad of [
      null,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/.//evil.example',
      '/a/..//evil.example',
      '/\n/evil.example',
      '/\r\n//evil.example',
      '/./\\evil.example',
      'javascript:alert(1)',
      `/${'a'.repeat(600)}`,
    ]) {
      expect(safeNext(bad)).toBe('/workspaces');
    }
  });
});

function form(fields: Record<string, string | Blob>): Request {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request('http://localhost/x', { method: 'POST', body });
}

describe('readFields', () => {
  it('reads the named fields, missing ones as empty', async () => {
    expect(await readFields(form({ a: 'x', b: 'y' }), ['a', 'c'])).toEqual({ a: 'x', c: '' });
  });

  it('refuses oversized fields, files and bodies that are not forms', async () => {
    expect(await readFields(form({ a: 'x'.repeat(MAX_FIELD_LENGTH + 1) }), ['a'])).toBeNull();
    expect(await readFields(form({ a: new Blob(['x']) }), ['a'])).toBeNull();
    const json = new Request('http://localhost/x', { method: 'POST', body: '{"a":1}' });
    expect(await readFields(json, ['a'])).toBeNull();
  });
});
