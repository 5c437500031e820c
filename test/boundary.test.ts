import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers.js';

// The Node/browser boundary: only src/node/ and src/cli/ may touch Node's modules, and nothing else may
// import them (src/index.ts, the Node entry, joins the two), so everything else runs in a browser as it is.
const NODE_SIDE = ['src/node/', 'src/cli/', 'src/index.ts'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return path === 'src/backend/wasm/assembly' ? [] : sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

describe('the Node/browser boundary', () => {
  const browserSide = sources('src').filter((f) => !NODE_SIDE.some((n) => f.startsWith(n)));
  it('finds the browser-side modules', () => assert.ok(browserSide.length > 60, `${browserSide.length} files`));
  it('no module outside src/node and src/cli imports a node: module', () => {
    const offenders: string[] = [];
    for (const f of browserSide) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? m[4]!;
        if (spec.startsWith('node:') || ['fs', 'path', 'os', 'worker_threads', 'child_process', 'module', 'url', 'zlib', 'crypto', 'v8'].includes(spec)) offenders.push(`${f} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, [], 'move these into src/node/ (or src/cli/)');
  });
  it('no module outside src/node and src/cli imports from them', () => {
    const offenders: string[] = [];
    for (const f of browserSide) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? m[4]!;
        if (!spec.startsWith('.')) continue;
        const target = relative(ROOT, normalize(join(ROOT, dirname(f), spec))).replace(/\\/g, '/');
        if (NODE_SIDE.some((n) => target.startsWith(n.replace(/\.ts$/, '')))) offenders.push(`${f} imports ${target}`);
      }
    }
    assert.deepEqual(offenders, [], 'the browser entry would pull in Node-only code');
  });
});
