import { defineConfig, type Plugin } from 'vite';
import { en } from './src/i18n/en';
import { ja } from './src/i18n/ja';
import { zhCN } from './src/i18n/zh-CN';

/** The page opened from disk runs no module: its message's texts go into index.html from the same tables. */
function noServerTexts(): Plugin {
  const pick = (table: Record<string, string>) => Object.fromEntries(Object.entries(table).filter(([k]) => k.startsWith('noServer.')));
  const texts = JSON.stringify({ en: pick(en), ja: pick(ja), 'zh-CN': pick(zhCN) }).replace(/</g, '\\u003c');
  return { name: 'scratchnet-no-server-texts', transformIndexHtml: (html) => html.replace('__NO_SERVER_TEXTS__', () => texts) };
}

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// The demo site: `npm run web` serves it, `npm run web:build` writes a static site to dist-web/.
export default defineConfig({
  root: 'web',
  base: './',
  plugins: [noServerTexts()],
  publicDir: 'public',
  build: { outDir: '../dist-web', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  // cross-origin isolation lets the page share memory with workers: the kernels then use two threads
  server: { headers: ISOLATION },
  preview: { headers: ISOLATION },
});
