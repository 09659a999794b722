import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// The dashboards app (svelte.config.js says where its files are). Tests use vitest.config.ts.
export default defineConfig({
  plugins: [sveltekit()],
});
