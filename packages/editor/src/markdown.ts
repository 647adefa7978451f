import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { Node as PMNode } from 'prosemirror-model';
import {
  defaultMarkdownSerializer,
  MarkdownParser,
  MarkdownSerializer,
  type MarkdownSerializerState,
} from 'prosemirror-markdown';
import { musterMarkdownIt } from './markdown-it-rules.js';
import { schema } from './schema.js';

// GFM tables and strikethrough on top of CommonMark; raw HTML is tokenised only so that the
// token pass can turn <u> into underline and everything else into literal text.
const tokenizer = new MarkdownIt('commonmark', { html: true }).enable(['table', 'strikethrough']);
musterMarkdownIt(tokenizer);

const attr = (token: Token, name: string): string => token.attrGet(name) ?? '';

const parser = new MarkdownParser(schema, tokenizer, {
  blockquote: { block: 'blockquote' },
  paragraph: { block: 'paragraph' },
  list_item: { block: 'list_item' },
  bullet_list: { block: 'bullet_list' },
  ordered_list: {
    block: 'ordered_list',
    getAttrs: (token) => ({ order: Number(token.attrGet('start') ?? 1) || 1 }),
  },
  task_list: { block: 'task_list' },
  task_item: {
    block: 'task_item',
    getAttrs: (token) => ({ checked: attr(token, 'checked') === 'true' }),
  },
  heading: {
    block: 'heading',
    getAttrs: (token) => ({ level: Math.min(3, Number(token.tag.slice(1))) }),
  },
  code_block: { block: 'code_block', noCloseToken: true },
  fence: {
    block: 'code_block',
    getAttrs: (token) => ({ language: /^[\w+-]{0,32}/.exec(token.info.trim())?.[0] ?? '' }),
    noCloseToken: true,
  },
  hr: { node: 'horizontal_rule' },
  image: {
    node: 'image',
    getAttrs: (token) => ({
      src: attr(token, 'src'),
      title: token.attrGet('title') || null,
      alt: token.children?.[0]?.content || null,
    }),
  },
  hardbreak: { node: 'hard_break' },
  table: { block: 'table' },
  thead: { ignore: true },
  tbody: { ignore: true },
  tr: { block: 'table_row' },
  th: { block: 'table_header' },
  td: { block: 'table_cell' },
  mention: { node: 'mention', getAttrs: (t) => ({ id: attr(t, 'id'), label: attr(t, 'label') }) },
  embed: { node: 'embed', getAttrs: (t) => ({ kind: attr(t, 'kind'), id: attr(t, 'id') }) },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  s: { mark: 'strike' },
  underline: { mark: 'underline' },
  link: {
    mark: 'link',
    getAttrs: (token) => ({ href: attr(token, 'href'), title: token.attrGet('title') || null }),
  },
  code_inline: { mark: 'code', noCloseToken: true },
});

const base = defaultMarkdownSerializer.nodes;

const serializer: MarkdownSerializer = new MarkdownSerializer(
  {
    blockquote: base.blockquote!,
    heading: base.heading!,
    horizontal_rule: base.horizontal_rule!,
    bullet_list: base.bullet_list!,
    ordered_list: base.ordered_list!,
    list_item: base.list_item!,
    paragraph: base.paragraph!,
    image: base.image!,
    hard_break: base.hard_break!,
    text: base.text!,
    code_block(state, node) {
      // Longer fence than any backtick run inside, so code containing ``` survives.
      const fence = '`'.repeat(Math.max(3, longestRun(node.textContent, '`') + 1));
      state.write(`${fence}${String(node.attrs.language)}\n`);
      state.text(node.textContent, false);
      state.write('\n');
      state.write(fence);
      state.closeBlock(node);
    },
    task_list(state, node) {
      state.renderList(node, '  ', (i) => `- [${node.child(i).attrs.checked ? 'x' : ' '}] `);
    },
    task_item(state, node) {
      state.renderContent(node);
    },
    table(state, node) {
      writeTable(state, node);
    },
    table_row() {},
    table_cell() {},
    table_header() {},
    mention(state, node) {
      state.write(
        `@[${String(node.attrs.label).replace(/[\]\n]/g, '')}](${String(node.attrs.id)})`,
      );
    },
    embed(state, node) {
      state.write(`::embed[${String(node.attrs.kind)}](${String(node.attrs.id)})`);
      state.closeBlock(node);
    },
  },
  {
    ...defaultMarkdownSerializer.marks,
    underline: { open: '<u>', close: '</u>', mixable: true, expelEnclosingWhitespace: true },
    strike: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
  },
  // "<" would otherwise start raw HTML (<u>) and "|" a table cell when the text is re-read.
  { escapeExtraCharacters: /[<|]/g },
);

/**
 * Parses Markdown (CommonMark + GFM tables, strikethrough and task lists, plus Muster's
 * `@[name](member-id)` mentions and `::embed[kind](id)` lines) into a document of {@link schema}.
 * Links and images with URLs other than http(s)/mailto are reduced to their text.
 *
 * @example
 * const doc = parseMarkdown('# Daily report\n\n::embed[stats](abc123)');
 */
export function parseMarkdown(markdown: string): PMNode {
  return parser.parse(markdown);
}

/** Serialises a document of {@link schema} to Markdown that {@link parseMarkdown} reads back. */
export function serializeMarkdown(doc: PMNode): string {
  return serializer.serialize(doc, { tightLists: true });
}

function writeTable(state: MarkdownSerializerState, table: PMNode): void {
  const rows: string[][] = [];
  table.forEach((row) => {
    const cells: string[] = [];
    row.forEach((cell) => cells.push(cellMarkdown(cell)));
    rows.push(cells);
  });
  const width = Math.max(1, ...rows.map((r) => r.length));
  const line = (cells: string[]): string =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  // GFM needs a header row; the first row is used as it is (a header row when the table has one).
  const lines = [line(rows[0] ?? []), line(Array.from({ length: width }, () => '---'))];
  for (const row of rows.slice(1)) lines.push(line(row));
  for (const text of lines) {
    state.write(text);
    state.ensureNewLine();
  }
  state.closeBlock(table);
}

// A GFM cell is one line: blocks inside a cell are joined by spaces, hard breaks become <br>.
function cellMarkdown(cell: PMNode): string {
  const markdown = serializer.serialize(schema.node('doc', null, cell.content), {
    tightLists: true,
  });
  return markdown.replace(/\\\n/g, '<br>').replace(/\n+/g, ' ').trim();
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
