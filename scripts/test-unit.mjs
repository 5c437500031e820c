// `npm run test:unit`: the quick loop. Builds only what changed (scripts/build.mjs), then runs every
// test file except the end-to-end ones: the command line (test/cli), the browser (test/web), and the
// ONNX Runtime, PyTorch and convergence runs, the photo-accuracy run (it trains a network), and the
// book's examples (test/docs/book-map.test.ts). `npm test` runs everything (`--all`) and is what CI runs;
// both run only `*.test.js` files, so helper modules under test/ are not counted as tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SLOW = ['dist/test/cli/', 'dist/test/web/', 'dist/test/formats/onnx-export.test.js', 'dist/test/formats/pytorch-export.test.js', 'dist/test/models/convergence.test.js', 'dist/test/data/digit-photos.test.js', 'dist/test/docs/book-map.test.js'];

const all = process.argv.includes('--all');
const passOn = process.argv.slice(2).filter((a) => a !== '--all');
if (!all) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path);
    else if (e.name.endsWith('.test.js')) files.push(relative(root, path));
  }
};
walk(join(root, 'dist/test'));
const web = (f) => f.startsWith('dist/test/web/');
const run = (list, concurrency) =>
  list.length === 0 ? 0 : spawnSync(process.execPath, ['--test', ...concurrency, '--test-reporter=spec', ...list, ...passOn], { cwd: root, stdio: 'inherit' }).status ?? 1;
files.sort();
// NOTE: the browser tests run alone afterwards, at node's default concurrency, which their time bounds were set with.
const status = all
  ? Math.max(run(files.filter((f) => !web(f)), ['--test-concurrency=2']), run(files.filter(web), []))
  : run(files.filter((f) => !SLOW.some((s) => f.startsWith(s))), ['--test-concurrency=2']);
process.exitCode = status;
