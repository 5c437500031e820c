import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codeBlocks, markdownPart, runSnippet } from './snippets.js';

describe('README: "Your own data: arrays in code" runs as written', () => {
  const found = codeBlocks(markdownPart('README.md', '### Arrays in code'));
  it('finds its three snippets (regression, yes/no, validation and early stopping)', (t) => {
    if (found.length !== 3) throw new Error(`found ${found.length} snippets`);
    t.diagnostic(`${found.length} snippets`);
  });
  const work = mkdtempSync(join(tmpdir(), 'readme-'));
  found.forEach((code, i) => {
    it(`snippet ${i + 1}`, async () => {
      await runSnippet(code, `readme_own_data_${i + 1}`, work);
    });
  });
});
