import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { safeImageSrc, safeLinkHref } from './url.js';

// Markdown syntax for the nodes CommonMark lacks, and a token pass that maps GFM task items,
// table cells, <u> and unsafe URLs onto what the schema accepts.
//   mention:  @[Ada Lovelace](member-id)
//   embed:    ::embed[stats](block-id)      (alone on a line)
//   task:     - [ ] todo / - [x] done
//   underline: <u>text</u>                  (the only raw HTML we honour; other HTML is text)

export const MENTION = /^@\[([^\]\n]{1,200})\]\(([A-Za-z0-9_-]{1,64})\)/;
const EMBED_LINE = /^::embed\[(table|form|stats)\]\(([A-Za-z0-9_-]{1,64})\)\s*$/;
const TASK_PREFIX = /^\[([ xX])\][ \t]+/;

/** Installs Muster's syntax and token mapping on a markdown-it instance. */
export function musterMarkdownIt(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'muster_mention', mentionRule);
  md.block.ruler.before('paragraph', 'muster_embed', embedRule, { alt: ['paragraph'] });
  md.core.ruler.push('muster_tokens', mapTokens);
}

function mentionRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
  const match = MENTION.exec(state.src.slice(state.pos, state.posMax));
  if (match === null) return false;
  if (!silent) {
    const token = state.push('mention', '', 0);
    token.attrSet('label', match[1] ?? '');
    token.attrSet('id', match[2] ?? '');
  }
  state.pos += match[0].length;
  return true;
}

function embedRule(state: StateBlock, startLine: number, _end: number, silent: boolean): boolean {
  // Four spaces of indentation make an indented code block, not an embed.
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  const match = EMBED_LINE.exec(state.src.slice(start, state.eMarks[startLine]));
  if (match === null) return false;
  if (silent) return true;
  const token = state.push('embed', '', 0);
  token.attrSet('kind', match[1] ?? '');
  token.attrSet('id', match[2] ?? '');
  token.map = [startLine, startLine + 1];
  state.line = startLine + 1;
  return true;
}

function mapTokens(state: StateCore): void {
  const out: Token[] = [];
  for (const token of state.tokens) {
    if ((token.type === 'th_open' || token.type === 'td_open') && token.nesting === 1) {
      // Table cells hold blocks in our schema; GFM gives them bare inline content.
      out.push(token, new state.Token('paragraph_open', 'p', 1));
    } else if (token.type === 'th_close' || token.type === 'td_close') {
      out.push(new state.Token('paragraph_close', 'p', -1), token);
    } else if (token.type === 'html_block') {
      out.push(...htmlAsText(state, token.content.replace(/\n+$/, '')));
    } else {
      if (token.type === 'inline' && token.children)
        token.children = mapInline(state, token.children);
      out.push(token);
    }
  }
  state.tokens = out;
  markTaskLists(state.tokens);
}

function htmlAsText(state: StateCore, content: string): Token[] {
  const text = new state.Token('text', '', 0);
  text.content = content;
  const inline = new state.Token('inline', '', 0);
  inline.children = [text];
  inline.content = content;
  return [
    new state.Token('paragraph_open', 'p', 1),
    inline,
    new state.Token('paragraph_close', 'p', -1),
  ];
}

function mapInline(state: StateCore, children: Token[]): Token[] {
  const out: Token[] = [];
  const dropped: boolean[] = [];
  for (const child of children) {
    if (child.type === 'link_open') {
      const href = safeLinkHref(child.attrGet('href') ?? '');
      dropped.push(href === null);
      if (href === null) continue;
      child.attrSet('href', href);
    } else if (child.type === 'link_close') {
      if (dropped.pop() === true) continue;
    } else if (child.type === 'image') {
      const src = safeImageSrc(child.attrGet('src') ?? '');
      if (src === null) {
        out.push(textToken(state, child.content));
        continue;
      }
      child.attrSet('src', src);
    } else if (child.type === 'html_inline') {
      const tag = child.content.trim().toLowerCase();
      if (tag === '<u>') out.push(new state.Token('underline_open', 'u', 1));
      else if (tag === '</u>') out.push(new state.Token('underline_close', 'u', -1));
      else if (/^<br\s*\/?>$/.test(tag)) out.push(new state.Token('hardbreak', 'br', 0));
      else out.push(textToken(state, child.content));
      continue;
    }
    out.push(child);
  }
  return out;
}

function textToken(state: StateCore, content: string): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  return token;
}

interface OpenList {
  open: number;
  items: { open: number; close: number; checked: boolean | null }[];
}

// A bullet list becomes a task list when every one of its items starts with "[ ]" or "[x]".
function markTaskLists(tokens: Token[]): void {
  const lists: OpenList[] = [];
  const items: OpenList['items'][number][] = [];
  tokens.forEach((token, index) => {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ open: index, items: [] });
        break;
      case 'list_item_open': {
        const item = { open: index, close: -1, checked: taskState(tokens[index + 2]) };
        lists.at(-1)?.items.push(item);
        items.push(item);
        break;
      }
      case 'list_item_close': {
        const item = items.pop();
        if (item) item.close = index;
        break;
      }
      case 'bullet_list_close':
      case 'ordered_list_close': {
        const list = lists.pop();
        if (
          list &&
          token.type === 'bullet_list_close' &&
          list.items.every((i) => i.checked !== null)
        ) {
          toTaskList(tokens, list, index);
        }
        break;
      }
    }
  });
}

function taskState(inline: Token | undefined): boolean | null {
  if (inline?.type !== 'inline') return null;
  const match = TASK_PREFIX.exec(inline.content);
  return match === null ? null : match[1] !== ' ';
}

function toTaskList(tokens: Token[], list: OpenList, close: number): void {
  retype(tokens[list.open], 'task_list_open');
  retype(tokens[close], 'task_list_close');
  for (const item of list.items) {
    const open = tokens[item.open];
    if (open === undefined) continue;
    open.type = 'task_item_open';
    open.attrSet('checked', item.checked === true ? 'true' : 'false');
    retype(tokens[item.close], 'task_item_close');
    const inline = tokens[item.open + 2];
    if (inline) stripPrefix(inline);
  }
}

function retype(token: Token | undefined, type: string): void {
  if (token) token.type = type;
}

function stripPrefix(inline: Token): void {
  const prefix = TASK_PREFIX.exec(inline.content)?.[0].length ?? 0;
  inline.content = inline.content.slice(prefix);
  let left = prefix;
  for (const child of inline.children ?? []) {
    if (left === 0 || child.type !== 'text') break;
    const take = Math.min(left, child.content.length);
    child.content = child.content.slice(take);
    left -= take;
  }
}
