// Prints the JavaScript a browser downloads for the fill page (`/f/[ws]/[form]`), gzipped, and
// fails above the budget. Reads the last `vite build` output: SvelteKit's server manifest lists
// the route's layout and page nodes, and each node file lists every client chunk it imports.
// Usage: node scripts/check-fill-size.mjs [--budget-kb 100] (after `pnpm --filter @muster/web build`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROUTE = '/f/[ws]/[form]';
const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(web, '.svelte-kit/output');
const flag = process.argv.indexOf('--budget-kb');
const budgetKb = flag > 0 ? Number(process.argv[flag + 1]) : 100;

const manifestFile = join(output, 'server/manifest.js');
if (!existsSync(manifestFile)) {
  console.error(`No build at ${output}: run \`pnpm --filter @muster/web build\` first.`);
  process.exit(2);
}
const manifest = readFileSync(manifestFile, 'utf8');
const arrayAfter = (text, marker) => {
  const at = text.indexOf(marker);
  if (at < 0) return null;
  const open = text.indexOf('[', at);
  const close = text.indexOf(']', open);
  return text.slice(open + 1, close);
};

const clientImports = arrayAfter(manifest, 'client: {');
const routeAt = manifest.indexOf(`id: ${JSON.stringify(ROUTE)}`);
if (clientImports === null || routeAt < 0) {
  console.error(`Route ${ROUTE} or the client entry is missing from ${manifestFile}.`);
  process.exit(2);
}
const page = /page: \{ layouts: \[([^\]]*)\], errors: \[[^\]]*\], leaf: (\d+) \}/.exec(
  manifest.slice(routeAt),
);
if (!page) {
  console.error(`Could not read the nodes of ${ROUTE}.`);
  process.exit(2);
}
const nodes = [...page[1].split(',').filter((s) => s.trim() !== ''), page[2]].map(Number);

const files = new Set(JSON.parse(`[${clientImports.replace(/imports:\[/, '')}]`));
for (const n of nodes) {
  const node = readFileSync(join(output, `server/nodes/${n}.js`), 'utf8');
  const m = /export const imports = (\[[^\]]*\]);/.exec(node);
  if (m) for (const f of JSON.parse(m[1])) files.add(f);
}

let raw = 0;
let gz = 0;
const rows = [];
for (const f of [...files].sort()) {
  const bytes = readFileSync(join(output, 'client', f));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  rows.push([f, bytes.length, zipped]);
}
rows.sort((a, b) => b[2] - a[2]);
const kb = (n) => (n / 1024).toFixed(1);
console.log(`Fill page ${ROUTE}: ${files.size} JS files`);
for (const [f, r, z] of rows.slice(0, 8))
  console.log(`  ${kb(z).padStart(6)} KB gz  ${kb(r).padStart(7)} KB  ${f}`);
console.log(`Total: ${kb(gz)} KB gzipped (${kb(raw)} KB raw); budget ${budgetKb} KB gzipped.`);
if (gz > budgetKb * 1024) {
  console.error(`FAIL: the fill page's JavaScript is ${kb(gz)} KB gzipped, over ${budgetKb} KB.`);
  process.exit(1);
}
console.log('OK');
