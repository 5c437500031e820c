import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkClaims, claimsOf, codeBlocks, fences, markdownPart, runSnippetOnce, withoutComments } from './snippets.js';

// the chapter-5 tutorial in each language: every snippet runs, and prints what its comments say
const TUTORIALS = { en: 'docs/tutorial.md', ja: 'docs/tutorial.ja.md', 'zh-CN': 'docs/tutorial.zh-CN.md' } as const;

/** The claims of every `console.log` line, as text: the same values must be claimed in every language. */
function claimedValues(code: string): string[] {
  return code.split('\n').flatMap((line) => {
    const comment = /console\.log\(.*\);\s*\/\/ ?(.*)$/.exec(line)?.[1];
    return comment === undefined ? [] : [claimsOf(comment).map((c) => c.text).join(' ')];
  });
}

/** For each ```js block, the ```text block that follows it before any other code block (what it prints), if any. */
function outputBlocks(markdown: string): (string | undefined)[] {
  const all = fences(markdown);
  return all.flatMap((f, i) => (f.lang !== 'js' ? [] : [all[i + 1]?.lang === 'text' ? all[i + 1]!.body : undefined]));
}

const english = codeBlocks(markdownPart(TUTORIALS.en), ['js']);

describe('the chapter-5 tutorial runs as written, in every language', () => {
  it('the English tutorial has its snippets (graph nodes, Sigmoid, Affine, Softmax-with-Loss, gradient check, training)', () => {
    assert.ok(english.length >= 10, `${english.length} snippets`);
  });
  for (const [lang, file] of Object.entries(TUTORIALS)) {
    const blocks = codeBlocks(markdownPart(file), ['js']);
    const outputs = outputBlocks(markdownPart(file));
    describe(file, () => {
      if (lang !== 'en') {
        it('has the English snippets with the same code and the same claimed values (only the comments translated)', () => {
          assert.equal(blocks.length, english.length, `${file} has ${blocks.length} snippets, the English tutorial ${english.length}`);
          blocks.forEach((code, i) => {
            assert.equal(withoutComments(code), withoutComments(english[i]!), `${file}, snippet ${i + 1}: the code differs from the English one`);
            assert.deepEqual(claimedValues(code), claimedValues(english[i]!), `${file}, snippet ${i + 1}: the values in the comments differ from the English ones`);
          });
        });
      }
      const work = mkdtempSync(join(tmpdir(), `tutorial-${lang}-`));
      blocks.forEach((code, i) => {
        it(`snippet ${i + 1} runs and prints what its comments say`, async (t) => {
          // a translation's snippet is the English code (tested above), so the English run's output is its output
          const printed = await runSnippetOnce(code, `tutorial_${lang}_${i + 1}`, work);
          const checked = checkClaims(code, printed, `${file}, snippet ${i + 1}`);
          const shown = outputs[i];
          if (shown !== undefined) {
            // an output block under a snippet is what it prints, line for line
            const all = printed.flat().join('\n');
            for (const line of shown.trimEnd().split('\n')) assert.ok(all.includes(line), `${file}, snippet ${i + 1}: the output shown below it has "${line}", which it does not print:\n${all}`);
          }
          t.diagnostic(`${checked} printed values checked`);
        });
      });
    });
  }
});
