// Browsers and Node both have these timers as globals. Declared here so the package compiles
// without DOM or Node typings (as in ../random.d.ts).
declare global {
  function setTimeout(handler: () => void, ms?: number): unknown;
  function clearTimeout(id: unknown): void;
}
export {};
