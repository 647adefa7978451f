import { Schema } from 'prosemirror-model';
import { marks } from './marks.js';
import { nodes } from './nodes.js';

/**
 * The Muster document schema: paragraphs, headings 1–3, lists (bullet, ordered, task; nested),
 * blockquote, code block, rule, tables, images, hard breaks, mentions and host-rendered embeds;
 * marks bold, italic, underline, strike, inline code and safe links.
 */
export const schema = new Schema({ nodes, marks });

/** Type of {@link schema}, for helpers that take it as a parameter. */
export type MusterSchema = typeof schema;
