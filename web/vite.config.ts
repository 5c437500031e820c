import { defineConfig } from 'vite';

// The demo site: `npm run web` serves it, `npm run web:build` writes a static site to dist-web/.
export default defineConfig({
  root: 'web',
  base: './',
  publicDir: 'public',
  build: { outDir: '../dist-web', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
});
