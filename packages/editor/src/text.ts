import type { Node as PMNode } from 'prosemirror-model';

/**
 * Plain text of a document: one line per text block (table cells included), hard breaks as
 * line breaks, mentions as `@name`, images as their alt text; embeds have no text.
 */
export function toPlainText(doc: PMNode): string {
  return doc.textBetween(0, doc.content.size, '\n', (leaf) => {
    switch (leaf.type.name) {
      case 'hard_break':
        return '\n';
      case 'mention':
        return `@${String(leaf.attrs.label)}`;
      case 'image':
        return typeof leaf.attrs.alt === 'string' ? leaf.attrs.alt : '';
      default:
        return '';
    }
  });
}
