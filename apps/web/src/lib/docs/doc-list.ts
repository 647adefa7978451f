import type { CatalogueEntry } from '@muster/core';

/** How the documents list is ordered. */
export const DocSort = { updated: 'updated', title: 'title' } as const;
export type DocSort = (typeof DocSort)[keyof typeof DocSort];

/** The documents of a catalogue, split into live and deleted (the bin). */
export interface DocList {
  live: CatalogueEntry[];
  deleted: CatalogueEntry[];
}

/**
 * The workspace's documents whose title contains `query` (case- and width-insensitive, so
 * "ＡＢＣ" finds "abc"), live ones sorted by `sort` (titles in `locale`'s collation, so Chinese
 * titles follow pinyin order in zh-CN), deleted ones newest deletion first.
 *
 * @example
 * listDocs(index.catalogue(), { query: '方案', sort: 'updated', locale: 'zh-CN' }).live
 */
export function listDocs(
  entries: readonly CatalogueEntry[],
  options: { query: string; sort: DocSort; locale: string },
): DocList {
  const needle = fold(options.query.trim());
  const docs = entries.filter((e) => e.kind === 'doc' && fold(e.title).includes(needle));
  const collator = new Intl.Collator(options.locale, { sensitivity: 'base', numeric: true });
  const live = docs.filter((d) => d.deletedAt === null);
  live.sort((a, b) =>
    options.sort === DocSort.title
      ? collator.compare(a.title, b.title) || b.updatedAt - a.updatedAt
      : b.updatedAt - a.updatedAt || collator.compare(a.title, b.title),
  );
  const deleted = docs
    .filter((d) => d.deletedAt !== null)
    .sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0));
  return { live, deleted };
}

function fold(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase();
}

/** A title checked like the catalogue checks it; the message key when it is not acceptable. */
export function checkTitle(
  title: string,
): { ok: true; title: string } | { ok: false; error: 'docs.titleRequired' | 'docs.titleTooLong' } {
  const trimmed = title.trim();
  if (trimmed.length === 0) return { ok: false, error: 'docs.titleRequired' };
  if (trimmed.length > 100) return { ok: false, error: 'docs.titleTooLong' };
  return { ok: true, title: trimmed };
}
