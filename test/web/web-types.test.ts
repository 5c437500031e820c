import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';

// Vite strips the page's types without checking them: the site's code is type-checked here (web/tsconfig.json)
describe('the web site type-checks (web/tsconfig.json, strict, DOM types)', () => {
  it('tsc -p web/tsconfig.json reports no error', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'web/tsconfig.json')], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });
});
