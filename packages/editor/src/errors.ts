/**
 * Why an editor operation failed. Each member names one failure a caller can act on.
 */
export const EditorErrorCode = {
  /** `createEditor` was given something that is not a DOM element to mount into. */
  INVALID_ELEMENT: 'INVALID_ELEMENT',
  /** The Y.Doc field already holds a shared type that is not a `Y.XmlFragment`. */
  INVALID_FIELD: 'INVALID_FIELD',
  /** `user.color` is not a `#rrggbb` colour, which remote cursors need. */
  INVALID_USER_COLOR: 'INVALID_USER_COLOR',
  /** The editor was used after `destroy()`. */
  DESTROYED: 'DESTROYED',
  /** HTML import needs a DOM (a browser, or a `Document` passed in, e.g. from jsdom). */
  NO_DOM: 'NO_DOM',
  /** The host's `renderEmbed` callback threw. */
  EMBED_RENDER_FAILED: 'EMBED_RENDER_FAILED',
} as const;

/** Union of the {@link EditorErrorCode} values. */
export type EditorErrorCode = (typeof EditorErrorCode)[keyof typeof EditorErrorCode];

/** The one error type `@muster/editor` throws; `code` says which failure it is. */
export class EditorError extends Error {
  override readonly name = 'EditorError';
  constructor(
    readonly code: EditorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const invalidElement = (value: unknown): EditorError =>
  new EditorError(
    EditorErrorCode.INVALID_ELEMENT,
    `createEditor needs an HTMLElement as "element", got ${describe(value)}; pass the node to mount into.`,
  );

export const invalidField = (field: string, actual: string): EditorError =>
  new EditorError(
    EditorErrorCode.INVALID_FIELD,
    `Y.Doc field "${field}" holds a ${actual}, not a Y.XmlFragment; use another field name for the document body.`,
  );

export const invalidUserColor = (color: unknown): EditorError =>
  new EditorError(
    EditorErrorCode.INVALID_USER_COLOR,
    `user.color must be a "#rrggbb" colour, got ${describe(color)}.`,
  );

export const destroyed = (operation: string): EditorError =>
  new EditorError(
    EditorErrorCode.DESTROYED,
    `Cannot ${operation}: the editor was destroyed; create a new one with createEditor.`,
  );

export const noDom = (): EditorError =>
  new EditorError(
    EditorErrorCode.NO_DOM,
    'HTML import needs a DOM: call it in a browser or pass a Document (for example from jsdom).',
  );

export const embedRenderFailed = (kind: string, id: string, cause: unknown): EditorError =>
  new EditorError(
    EditorErrorCode.EMBED_RENDER_FAILED,
    `renderEmbed threw for embed ${kind}/${id}: ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
