import { DOMParser as PMDOMParser, type Node as PMNode } from 'prosemirror-model';
import { noDom } from './errors.js';
import { schema } from './schema.js';

// Pasted HTML is sanitised in two steps. First the office-suite clean-up below rewrites what
// Word, WPS and Google Docs put on the clipboard into plain structure. Then the schema's parse
// rules read that structure: they copy only attributes they validate (no styles, no event
// handlers, no javascript: URLs), and ProseMirror skips <script>, <style>, <head> and the like.
// Both steps work on an inert document (no scripts run, no images load).

const BULLET_MARKERS = /^[\s\u00a0]*[·•▪o§\u2013\u2022\uf0b7\uf0a7-]/;
const ORDERED_MARKERS = /^[\s\u00a0]*(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]/;

/**
 * Rewrites clipboard HTML from Word, WPS and Google Docs into plain HTML the schema maps well:
 * conditional comments and Office XML are removed, Word's list paragraphs become `<ul>`/`<ol>`.
 * It does not sanitise by itself; parsing the result with the schema does.
 */
export function cleanOfficeHTML(html: string, document: Document): string {
  // Work in a document without a browsing context: an <img onerror> adopted into the live
  // document would start loading (and fire its handler) even while detached.
  const inert = document.implementation.createHTMLDocument('');
  // Word's "downlevel-revealed" conditionals (<![if !supportLists]>) wrap list markers; the
  // markers are kept until the list conversion below has read them.
  const stripped = html.replace(/<!\[(?:if [^\]]*|endif)\]>/gi, '').replace(/<\/?o:p>/gi, '');
  const root = inert.body;
  root.innerHTML = stripped;
  for (const node of Array.from(root.querySelectorAll('xml, meta, link, title'))) node.remove();
  convertWordLists(root, inert);
  for (const marker of Array.from(root.querySelectorAll('span[style*="mso-list:Ignore" i]'))) {
    marker.remove();
  }
  return root.innerHTML;
}

/**
 * Parses untrusted HTML (a web page, an export from another editor) into a document of the
 * schema, with the same clean-up and sanitising as paste.
 *
 * @param document The document to build the inert DOM in; defaults to the global one, so pass
 *   e.g. `new JSDOM().window.document` outside a browser.
 */
export function parseHTML(
  html: string,
  document: Document | undefined = globalThis.document,
): PMNode {
  if (document === undefined) throw noDom();
  const inert = document.implementation.createHTMLDocument('');
  const body = inert.createElement('body');
  body.innerHTML = cleanOfficeHTML(html, document);
  return PMDOMParser.fromSchema(schema).parse(body);
}

// Word exports list items as <p class="MsoListParagraph" style="mso-list:l0 level2 lfo1">
// whose marker text sits in a <span style="mso-list:Ignore">. Rebuild nested lists from them.
function convertWordLists(root: HTMLElement, document: Document): void {
  const paragraphs = Array.from(root.querySelectorAll('p, h1, h2, h3, h4, h5, h6')).filter(
    (p) => listLevel(p) !== null,
  );
  const done = new Set<Element>();
  for (const first of paragraphs) {
    if (done.has(first)) continue;
    const run: Element[] = [];
    const list = listId(first);
    // A run of list paragraphs of one Word list (mso-list:l0, l1, …) becomes one list.
    for (
      let el: Element | null = first;
      el && listLevel(el) !== null && listId(el) === list;
      el = nextElement(el)
    ) {
      run.push(el);
      done.add(el);
    }
    buildList(run, document);
  }
}

function buildList(run: Element[], document: Document): void {
  const first = run[0];
  if (!first) return;
  const stack: { level: number; list: HTMLElement }[] = [];
  let outer: HTMLElement | null = null;
  for (const p of run) {
    const level = listLevel(p) ?? 1;
    const marker = p.querySelector('span[style*="mso-list"]');
    const ordered = ORDERED_MARKERS.test(marker?.textContent ?? '');
    const markerIsBullet = BULLET_MARKERS.test(marker?.textContent ?? '');
    marker?.remove();
    while (stack.length > 0 && (stack.at(-1)?.level ?? 0) > level) stack.pop();
    // A run that starts deeper than it continues: keep the shallower items in the same list.
    if (stack.length === 0 && outer) stack.push({ level, list: outer });
    let top = stack.at(-1);
    if (!top || top.level < level) {
      const list = document.createElement(ordered && !markerIsBullet ? 'ol' : 'ul');
      const parentItem = top?.list.lastElementChild;
      if (parentItem) parentItem.append(list);
      else outer = list;
      top = { level, list };
      stack.push(top);
    }
    const item = document.createElement('li');
    const paragraph = document.createElement('p');
    paragraph.append(...Array.from(p.childNodes));
    item.append(paragraph);
    top.list.append(item);
  }
  if (outer) first.before(outer);
  for (const p of run) p.remove();
}

function listLevel(el: Element): number | null {
  const style = el.getAttribute('style') ?? '';
  const match = /mso-list:\s*l\d+\s+level(\d+)/i.exec(style);
  if (match) return Number(match[1]);
  return /^MsoListParagraph/i.test(el.getAttribute('class') ?? '') ? 1 : null;
}

function listId(el: Element): string {
  return /mso-list:\s*(l\d+)/i.exec(el.getAttribute('style') ?? '')?.[1] ?? '';
}

function nextElement(el: Element): Element | null {
  let next = el.nextSibling;
  // Word puts whitespace text between paragraphs; it does not end a list.
  while (next && next.nodeType === 3 && !(next.textContent ?? '').trim()) next = next.nextSibling;
  return next && next.nodeType === 1 ? (next as Element) : null;
}
