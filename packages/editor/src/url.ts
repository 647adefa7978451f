// Link and image URLs come from paste, Markdown and remote peers; only these schemes are safe
// to put into an href/src. Everything else (javascript:, data:, vbscript:, file:, relative
// URLs that a host page could resolve against itself) is refused rather than rewritten.
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * Returns the normalised URL when it is an absolute http, https or mailto URL, otherwise `null`.
 *
 * @example
 * safeLinkHref('https://example.org/a b') // 'https://example.org/a%20b'
 * safeLinkHref('javascript:alert(1)')     // null
 */
export function safeLinkHref(raw: string): string | null {
  return checkUrl(raw, LINK_PROTOCOLS);
}

/** Returns the normalised URL when it is an absolute http or https URL, otherwise `null`. */
export function safeImageSrc(raw: string): string | null {
  return checkUrl(raw, IMAGE_PROTOCOLS);
}

function checkUrl(raw: string, allowed: ReadonlySet<string>): string | null {
  // URL parsing strips tabs/newlines and leading control characters the same way browsers
  // do, so "java\tscript:" cannot slip past a string prefix check.
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return allowed.has(url.protocol) ? url.href : null;
}
