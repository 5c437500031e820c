import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';

// "Using scratchnet in another project" names the files Node and bundlers pick: they must be package.json's
describe("README: the entry points it names are package.json's exports", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: { '.': Record<string, string> } };
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using scratchnet in another project'), readme.indexOf('\n## ', readme.indexOf('## Using scratchnet in another project') + 5));

  it('bundlers for the browser pick the "browser" condition, Node the "default" one', () => {
    const browser = pkg.exports['.'].browser!.replace(/^\.\//, '');
    const node = pkg.exports['.'].default!.replace(/^\.\//, '');
    assert.match(section, new RegExp(`bundlers for the browser\\s+pick \`${browser.replace(/\./g, '\\.')}\` through the \`browser\` export condition`));
    assert.match(section, new RegExp(`Node picks \`${node.replace(/\./g, '\\.')}\``));
    for (const f of [browser, node]) assert.ok(existsSync(join(ROOT, f)), `${f} is built`);
  });
});
