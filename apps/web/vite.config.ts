import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// exceljs and papaparse (export/import in @muster/forms) have no import-time side effects; saying
// so lets pages that never export (the fill page, with its 100 KB budget) leave them out.
const PURE_DEPENDENCIES = /[\\/]node_modules[\\/](?:\.pnpm[\\/])?(?:exceljs|papaparse)[@\\/]/;

export default defineConfig({
  plugins: [sveltekit()],
  server: { port: 5173 },
  build: {
    rollupOptions: {
      treeshake: { moduleSideEffects: (id: string) => !PURE_DEPENDENCIES.test(id) },
    },
  },
});
