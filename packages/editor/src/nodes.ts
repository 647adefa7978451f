import { Fragment, type DOMOutputSpec, type NodeSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';
import { toEmbedRef } from './embed.js';
import { safeImageSrc } from './url.js';

// Every parse rule below copies only the attributes it validates; unknown elements fall
// through to their text, and ProseMirror's parser skips <script>, <style> and friends.

const doc: NodeSpec = { content: 'block+' };

const paragraph: NodeSpec = {
  content: 'inline*',
  group: 'block',
  parseDOM: [{ tag: 'p' }],
  toDOM: () => ['p', 0],
};

const heading: NodeSpec = {
  attrs: { level: { default: 1, validate: 'number' } },
  content: 'inline*',
  group: 'block',
  defining: true,
  parseDOM: [
    { tag: 'h1', attrs: { level: 1 } },
    { tag: 'h2', attrs: { level: 2 } },
    { tag: 'h3', attrs: { level: 3 } },
    // The schema has three levels; deeper headings from the web keep their emphasis.
    { tag: 'h4', attrs: { level: 3 } },
    { tag: 'h5', attrs: { level: 3 } },
    { tag: 'h6', attrs: { level: 3 } },
  ],
  toDOM: (node) => [`h${clampLevel(node.attrs.level)}`, 0],
};

const blockquote: NodeSpec = {
  content: 'block+',
  group: 'block',
  defining: true,
  parseDOM: [{ tag: 'blockquote' }],
  toDOM: () => ['blockquote', 0],
};

const code_block: NodeSpec = {
  attrs: { language: { default: '', validate: 'string' } },
  content: 'text*',
  marks: '',
  group: 'block',
  code: true,
  defining: true,
  parseDOM: [
    {
      tag: 'pre',
      preserveWhitespace: 'full',
      getAttrs: (dom) => ({ language: languageOf(dom) }),
      // Pages end <pre> with a newline that is not part of the code.
      getContent: (dom, schema) => {
        const code = (dom.textContent ?? '').replace(/\r?\n$/, '');
        return code ? Fragment.from(schema.text(code)) : Fragment.empty;
      },
    },
  ],
  toDOM: (node) => {
    const language = String(node.attrs.language);
    return ['pre', ['code', language ? { 'data-language': language } : {}, 0]];
  },
};

const horizontal_rule: NodeSpec = {
  group: 'block',
  parseDOM: [{ tag: 'hr' }],
  toDOM: () => ['hr'],
};

const bullet_list: NodeSpec = {
  content: 'list_item+',
  group: 'block',
  parseDOM: [{ tag: 'ul' }],
  toDOM: () => ['ul', 0],
};

const ordered_list: NodeSpec = {
  attrs: { order: { default: 1, validate: 'number' } },
  content: 'list_item+',
  group: 'block',
  parseDOM: [
    {
      tag: 'ol',
      getAttrs: (dom) => {
        const start = Number.parseInt(dom.getAttribute('start') ?? '1', 10);
        return { order: Number.isFinite(start) ? start : 1 };
      },
    },
  ],
  toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order }, 0]),
};

const list_item: NodeSpec = {
  content: 'paragraph block*',
  defining: true,
  parseDOM: [{ tag: 'li' }],
  toDOM: () => ['li', 0],
};

const task_list: NodeSpec = {
  content: 'task_item+',
  group: 'block',
  // Higher priority than the plain <ul> rule so our own copies paste back as task lists.
  parseDOM: [{ tag: 'ul[data-type="task-list"]', priority: 60 }],
  toDOM: () => ['ul', { 'data-type': 'task-list' }, 0],
};

const task_item: NodeSpec = {
  attrs: { checked: { default: false, validate: 'boolean' } },
  content: 'paragraph block*',
  defining: true,
  parseDOM: [
    {
      tag: 'li[data-checked]',
      priority: 60,
      getAttrs: (dom) => ({ checked: dom.getAttribute('data-checked') === 'true' }),
    },
  ],
  toDOM: (node) => ['li', { 'data-checked': node.attrs.checked ? 'true' : 'false' }, 0],
};

const image: NodeSpec = {
  inline: true,
  group: 'inline',
  draggable: true,
  attrs: {
    src: { validate: 'string' },
    alt: { default: null },
    title: { default: null },
  },
  parseDOM: [
    {
      tag: 'img[src]',
      getAttrs(dom) {
        const src = safeImageSrc(dom.getAttribute('src') ?? '');
        // An image we may not load is dropped entirely (it has no text to keep).
        if (src === null) return false;
        return { src, alt: dom.getAttribute('alt'), title: dom.getAttribute('title') };
      },
    },
  ],
  toDOM(node) {
    const { src, alt, title } = node.attrs as {
      src: string;
      alt: string | null;
      title: string | null;
    };
    const attrs: Record<string, string> = {};
    const safe = safeImageSrc(src);
    if (safe !== null) attrs.src = safe;
    if (alt) attrs.alt = alt;
    if (title) attrs.title = title;
    return ['img', attrs];
  },
};

const hard_break: NodeSpec = {
  inline: true,
  group: 'inline',
  selectable: false,
  parseDOM: [{ tag: 'br' }],
  toDOM: () => ['br'],
};

const mention: NodeSpec = {
  inline: true,
  group: 'inline',
  atom: true,
  selectable: true,
  attrs: { id: { validate: 'string' }, label: { validate: 'string' } },
  parseDOM: [
    {
      tag: 'span[data-mention-id]',
      getAttrs: (dom) => ({
        id: dom.getAttribute('data-mention-id') ?? '',
        label: (dom.textContent ?? '').replace(/^@/, ''),
      }),
    },
  ],
  toDOM: (node): DOMOutputSpec => [
    'span',
    { class: 'muster-mention', 'data-mention-id': String(node.attrs.id) },
    `@${String(node.attrs.label)}`,
  ],
  leafText: (node) => `@${String(node.attrs.label)}`,
};

const embed: NodeSpec = {
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  attrs: { kind: { validate: 'string' }, id: { validate: 'string' } },
  parseDOM: [
    {
      tag: 'div[data-embed-kind]',
      getAttrs: (dom) => toEmbedRef(dom.dataset.embedKind, dom.dataset.embedId) ?? false,
    },
  ],
  toDOM: (node) => [
    'div',
    {
      class: 'muster-embed',
      'data-embed-kind': String(node.attrs.kind),
      'data-embed-id': String(node.attrs.id),
    },
  ],
};

const text: NodeSpec = { group: 'inline' };

const tables = tableNodes({ tableGroup: 'block', cellContent: 'block+', cellAttributes: {} });

/** Node specs of the Muster schema; block order decides what an empty document starts with. */
export const nodes = {
  doc,
  paragraph,
  heading,
  blockquote,
  code_block,
  horizontal_rule,
  bullet_list,
  ordered_list,
  list_item,
  task_list,
  task_item,
  ...tables,
  embed,
  text,
  image,
  hard_break,
  mention,
};

function clampLevel(level: unknown): 1 | 2 | 3 {
  return level === 2 || level === 3 ? level : 1;
}

function languageOf(dom: HTMLElement): string {
  const code = dom.querySelector('code');
  const fromData = code?.getAttribute('data-language') ?? dom.getAttribute('data-language');
  const classes = `${code?.className ?? ''} ${dom.className}`;
  const fromClass = /(?:^|\s)(?:language|lang)-([\w+-]+)/.exec(classes)?.[1];
  const language = fromData ?? fromClass ?? '';
  return /^[\w+-]{0,32}$/.test(language) ? language : '';
}
