// `npm run build` (and so `npm install`): the WebAssembly kernels, the native ones, then TypeScript into dist/.
// Each step is skipped when its inputs are unchanged since it last ran (a hash is kept with
// its output), so a second install, `npx scratchnet` in a fresh clone, and `npm test` on an
// unchanged tree start at once. `node scripts/build.mjs --force` rebuilds everything.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const force = process.argv.includes('--force');

function walk(dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return rel === 'src/backend/wasm/generated' ? [] : walk(rel);
    return [rel];
  });
}

function hashOf(files) {
  const h = createHash('sha256');
  for (const f of [...files].sort()) {
    h.update(f);
    h.update(existsSync(join(root, f)) ? readFileSync(join(root, f)) : 'missing');
  }
  return h.digest('hex').slice(0, 32);
}

function run(script, args = []) {
  execFileSync(process.execPath, [join(root, script), ...args], { stdio: 'inherit', cwd: root });
}

// 1. WebAssembly: its hash is written into the generated module by build-wasm.mjs
const wasmHash = hashOf([...walk('src/backend/wasm/assembly'), 'scripts/build-wasm.mjs', 'node_modules/assemblyscript/package.json']);
const generated = join(root, 'src/backend/wasm/generated/binaries.ts');
const wasmFresh = !force && existsSync(generated) && readFileSync(generated, 'utf8').includes(`// inputs ${wasmHash}`);
if (!wasmFresh) run('scripts/build-wasm.mjs', ['--stamp', wasmHash]);

// 2. The native kernels, where a C compiler is present (never fails; build-native.mjs keeps its own hash)
run('scripts/build-native.mjs', ['--if-possible']);

// 3. TypeScript: a clean dist/ (no compiled file outlives its source), then the hash beside it
const tsInputs = [...walk('src'), ...walk('test'), ...walk('test-support'), ...walk('web/src'), 'src/backend/wasm/generated/binaries.ts', 'tsconfig.json', 'node_modules/typescript/package.json'];
const tsHash = hashOf(tsInputs.filter((f) => f.endsWith('.ts') || f.endsWith('.json')));
const stamp = join(root, 'dist', '.build-stamp');
if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === tsHash) {
  console.log(`build: dist/ is up to date with ${relative(process.cwd(), root) || '.'} (node scripts/build.mjs --force rebuilds)`);
} else {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
  writeFileSync(stamp, `${tsHash}\n`);
  console.log('build: compiled the TypeScript into dist/');
}
