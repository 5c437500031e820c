import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';

describe('the API reference', () => {
  it('documents every public function, class, interface, type and constant (typedoc validation, as npm run docs)', () => {
    // typedoc.json names the kinds that must have a doc comment and turns a missing one into an error
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--emit', 'none'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    const output = `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(r.status, 0, `typedoc found undocumented public symbols or broken links:\n${output}`);
  });
});
