import type { MarkSpec } from 'prosemirror-model';
import { safeLinkHref } from './url.js';

// Parse rules read inline styles (Google Docs and Word express bold etc. only as styles) but
// no mark ever writes a style or any attribute it did not validate, so pasted styles and
// event handlers cannot survive a round trip through the schema.

const link: MarkSpec = {
  attrs: { href: { validate: 'string' }, title: { default: null } },
  inclusive: false,
  parseDOM: [
    {
      tag: 'a[href]',
      getAttrs(dom) {
        const href = safeLinkHref(dom.getAttribute('href') ?? '');
        // A refused URL drops the mark but keeps the link text.
        return href === null ? false : { href, title: dom.getAttribute('title') };
      },
    },
  ],
  toDOM(mark) {
    const { href, title } = mark.attrs as { href: string; title: string | null };
    // Re-checked on output: a remote peer could have written any string into the Y.Doc.
    const safe = safeLinkHref(href);
    const attrs: Record<string, string> = { rel: 'noopener noreferrer nofollow' };
    if (safe !== null) attrs.href = safe;
    if (title) attrs.title = title;
    return ['a', attrs, 0];
  },
};

const strong: MarkSpec = {
  parseDOM: [
    { tag: 'strong' },
    // Google Docs wraps the whole clipboard in <b style="font-weight:normal">.
    { tag: 'b', getAttrs: (dom) => dom.style.fontWeight !== 'normal' && null },
    {
      style: 'font-weight',
      getAttrs: (value) => /^(bold(er)?|[6-9]\d{2})$/.test(value) && null,
    },
  ],
  toDOM: () => ['strong', 0],
};

const em: MarkSpec = {
  parseDOM: [
    { tag: 'i' },
    { tag: 'em' },
    { style: 'font-style=italic' },
    { style: 'font-style=normal', clearMark: (m) => m.type.name === 'em' },
  ],
  toDOM: () => ['em', 0],
};

const underline: MarkSpec = {
  parseDOM: [
    { tag: 'u' },
    { tag: 'ins' },
    { style: 'text-decoration', getAttrs: (v) => v.includes('underline') && null },
    { style: 'text-decoration-line', getAttrs: (v) => v.includes('underline') && null },
  ],
  toDOM: () => ['u', 0],
};

const strike: MarkSpec = {
  parseDOM: [
    { tag: 's' },
    { tag: 'del' },
    { tag: 'strike' },
    { style: 'text-decoration', getAttrs: (v) => v.includes('line-through') && null },
    { style: 'text-decoration-line', getAttrs: (v) => v.includes('line-through') && null },
  ],
  toDOM: () => ['s', 0],
};

const code: MarkSpec = {
  code: true,
  parseDOM: [{ tag: 'code' }],
  toDOM: () => ['code', 0],
};

/** Mark specs of the Muster schema, in the order marks nest when rendered. */
export const marks = { link, em, strong, underline, strike, code };
