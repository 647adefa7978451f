import { JSDOM } from 'jsdom';

class InertMutationObserver {
  observe(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}

/**
 * Installs a jsdom window as the global DOM so ProseMirror's EditorView can run in Node. Must
 * run before prosemirror-view is imported: it sniffs `navigator` when the module loads.
 */
export function installHeadlessDom(): void {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
    pretendToBeVisual: true,
  });
  const globals: Record<string, unknown> = {
    window,
    document: window.document,
    navigator: window.navigator,
    Node: window.Node,
    Element: window.Element,
    HTMLElement: window.HTMLElement,
    // jsdom's MutationObserver.disconnect walks every node of the document, and ProseMirror
    // disconnects and reconnects around each DOM update, which made jsdom's bookkeeping the
    // largest cost of the replay (browsers do this in constant time). Nothing in a headless
    // replay mutates the DOM behind ProseMirror's back, so an observer that sees nothing is
    // faithful here.
    MutationObserver: InertMutationObserver,
    getSelection: window.getSelection.bind(window),
    requestAnimationFrame: window.requestAnimationFrame.bind(window),
    cancelAnimationFrame: window.cancelAnimationFrame.bind(window),
  };
  Object.defineProperty(window, 'MutationObserver', {
    value: InertMutationObserver,
    configurable: true,
  });
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
}
