// The public API of @muster/editor. Everything else in src/ is internal.
export { insertEmbed, insertImage, insertMention, insertTable, setLink } from './commands.js';
export { createEditor } from './create-editor.js';
export type { CreateEditorOptions, EditorUser, MusterEditor } from './create-editor.js';
export { EMBED_KINDS, toEmbedRef } from './embed.js';
export type { EmbedHandle, EmbedKind, EmbedRef, EmbedRenderer } from './embed.js';
export { EditorError, EditorErrorCode } from './errors.js';
export { parseMarkdown, serializeMarkdown } from './markdown.js';
export { cleanOfficeHTML, parseHTML } from './paste.js';
export { schema } from './schema.js';
export type { MusterSchema } from './schema.js';
export { toPlainText } from './text.js';
export { safeImageSrc, safeLinkHref } from './url.js';
