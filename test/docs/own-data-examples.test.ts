import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';

// the "your own data" examples, each run as a reader runs it (with --quick: fewer epochs), into a scratch folder
const EXAMPLES: [string, string, RegExp][] = [
  ['xor.mjs', 'xor.svg', /P\(yes\) 0\.0\d\d, 0\.9\d\d, 0\.9\d\d, 0\.0\d\d .*accuracy 1/],
  ['spiral.mjs', 'spiral.svg', /epoch\s+60\s+loss \d\.\d{3}\s+accuracy 0\.\d{3}/],
  ['sine.mjs', 'sine.svg', /on 200 fresh points R² 0\.\d{3}/],
  ['table.mjs', 'table.svg', /held-back flats: R² 0\.9\d\d, mean absolute error \d+ euros/],
  ['image-folder.mjs', 'image-folder.svg', /held-back files: \d+ of 30 named right; e\.g\. \w+\/\w+-\d+\.png: \w+ \(\d\.\d{3}\)/],
];

describe('the own-data examples run and draw their pictures', () => {
  for (const [file, svg, printed] of EXAMPLES) {
    it(file, () => {
      const out = mkdtempSync(join(tmpdir(), 'example-'));
      const r = spawnSync(process.execPath, [join(ROOT, 'examples', file), '--quick', '--out', out], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, printed);
      assert.match(r.stdout, new RegExp(`wrote .*${svg.replace('.', '\\.')}`));
      assert.ok(existsSync(join(out, svg)));
      assert.match(readFileSync(join(out, svg), 'utf8'), /^<\?xml[^]*<svg [^]*<\/svg>\n$/);
    });
  }
});
