import { defineConfig } from 'vite';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// The demo site: `npm run web` serves it, `npm run web:build` writes a static site to dist-web/.
export default defineConfig({
  root: 'web',
  base: './',
  publicDir: 'public',
  build: { outDir: '../dist-web', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  // cross-origin isolation lets the page share memory with workers: the kernels then use two threads
  server: { headers: ISOLATION },
  preview: { headers: ISOLATION },
});
