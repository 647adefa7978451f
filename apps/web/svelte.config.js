import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // SvelteKit's CSRF origin check stays at its default (on): form posts from other origins fail.
    adapter: adapter({ out: 'build' }),
  },
};

export default config;
