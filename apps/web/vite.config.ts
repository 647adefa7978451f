import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// Modules with no import-time side effects: our packages' sources and the export/import libraries
// of @muster/forms. Saying so lets the bundler follow the packages' barrels (index.ts) to the
// modules a page really uses, so the fill page (100 KB budget) does not load chunks it shares
// with the dashboard only through a barrel (the statistics engine, exceljs).
const PURE_DEPENDENCIES = [
  /[\\/]node_modules[\\/](?:\.pnpm[\\/])?(?:exceljs|papaparse)[@\\/]/,
  /[\\/]packages[\\/](?:core|forms)[\\/]src[\\/]/,
  // The dictionaries: pages get their language's messages as data, not as these modules.
  /[\\/]src[\\/]lib[\\/]i18n[\\/]/,
];

export default defineConfig({
  plugins: [sveltekit()],
  server: { port: 5173 },
  build: {
    rollupOptions: {
      treeshake: { moduleSideEffects: (id: string) => !PURE_DEPENDENCIES.some((p) => p.test(id)) },
    },
  },
});
