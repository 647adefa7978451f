// @muster/core runs in browsers and Node: both have Web Crypto's getRandomValues as a global.
// Declared here so the package compiles without DOM or Node typings (which would let DOM or
// Node-only APIs slip in).
declare global {
  var crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T };
}
export {};
