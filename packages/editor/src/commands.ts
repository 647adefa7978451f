import type { ResolvedPos } from 'prosemirror-model';
import type { Command } from 'prosemirror-state';
import { toEmbedRef, type EmbedRef } from './embed.js';
import { schema } from './schema.js';
import { safeImageSrc, safeLinkHref } from './url.js';

// Commands for what the host app inserts from its own UI (member picker, embed menu, table
// button). Like every ProseMirror command, called without `dispatch` they answer "can I?";
// invalid input makes them return false instead of throwing.

/**
 * Inserts an embed block after the current block.
 *
 * @example
 * insertEmbed({ kind: 'stats', id: 'daily_headcount' })(view.state, view.dispatch);
 */
export function insertEmbed(ref: EmbedRef): Command {
  return (state, dispatch) => {
    const valid = toEmbedRef(ref.kind, ref.id);
    if (valid === null) return false;
    const node = schema.nodes.embed.create(valid);
    dispatch?.(state.tr.insert(afterTopBlock(state.selection.$to), node).scrollIntoView());
    return true;
  };
}

/** Replaces the selection with a mention of a workspace member. */
export function insertMention(member: { id: string; name: string }): Command {
  return (state, dispatch) => {
    if (!member.id || !member.name) return false;
    const node = schema.nodes.mention.create({ id: member.id, label: member.name });
    const { $from } = state.selection;
    if (!$from.parent.canReplaceWith($from.index(), $from.indexAfter(), node.type)) return false;
    dispatch?.(state.tr.replaceSelectionWith(node).insertText(' ').scrollIntoView());
    return true;
  };
}

/** Replaces the selection with an image; only http(s) URLs are accepted. */
export function insertImage(src: string, alt = ''): Command {
  return (state, dispatch) => {
    const safe = safeImageSrc(src);
    if (safe === null) return false;
    const node = schema.nodes.image.create({ src: safe, alt: alt || null });
    const { $from } = state.selection;
    if (!$from.parent.canReplaceWith($from.index(), $from.indexAfter(), node.type)) return false;
    dispatch?.(state.tr.replaceSelectionWith(node).scrollIntoView());
    return true;
  };
}

/** Links the selected text; only http, https and mailto URLs are accepted. */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    const safe = safeLinkHref(href);
    if (safe === null || state.selection.empty) return false;
    const { from, to } = state.selection;
    dispatch?.(state.tr.addMark(from, to, schema.marks.link.create({ href: safe })));
    return true;
  };
}

/** Inserts an empty table (first row as header) after the current block. */
export function insertTable(rows: number, columns: number): Command {
  return (state, dispatch) => {
    if (!(rows >= 1 && rows <= 100 && columns >= 1 && columns <= 30)) return false;
    const { table, table_row, table_header, table_cell, paragraph } = schema.nodes;
    const row = (cell: typeof table_cell) =>
      table_row.create(
        null,
        Array.from({ length: columns }, () => cell.create(null, paragraph.create())),
      );
    const node = table.create(null, [
      row(table_header),
      ...Array.from({ length: rows - 1 }, () => row(table_cell)),
    ]);
    dispatch?.(state.tr.insert(afterTopBlock(state.selection.$to), node).scrollIntoView());
    return true;
  };
}

// After the top-level block holding the cursor, so a block insert never splits a list or table.
function afterTopBlock($pos: ResolvedPos): number {
  return $pos.depth > 0 ? $pos.after(1) : $pos.pos;
}
