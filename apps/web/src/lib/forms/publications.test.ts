import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPublications } from './publications.server';

const WS = 'AAAAAAAAAAAAAAAA';
const FORM = 'BBBBBBBBBBBBBBBB';

describe('publications', () => {
  it('publishes once and follows later title and access changes, surviving a reopen', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'muster-pub-')), 'muster.db');
    const pubs = openPublications(file);
    expect(pubs.get(WS, FORM)).toBeNull();
    const first = pubs.publish({ ws: WS, form: FORM, title: 'Check-in', anyone: false }, 1000);
    expect(first).toEqual({
      ws: WS,
      form: FORM,
      title: 'Check-in',
      anyone: false,
      options: { departments: [], people: [] },
      publishedAt: 1000,
      updatedAt: 1000,
    });
    const options = { departments: [{ id: 'DDDDDDDDDDDDDDDD', label: 'Ward 3' }], people: [] };
    pubs.publish({ ws: WS, form: FORM, title: 'Daily check-in', anyone: true, options }, 2000);
    const reopened = openPublications(file);
    expect(reopened.get(WS, FORM)).toMatchObject({
      title: 'Daily check-in',
      anyone: true,
      options,
      publishedAt: 1000,
      updatedAt: 2000,
    });
    expect(reopened.list(WS).map((p) => p.form)).toEqual([FORM]);
    expect(reopened.list('CCCCCCCCCCCCCCCC')).toEqual([]);
  });
});
