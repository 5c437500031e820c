import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';
import { codeBlocks, markdownPart, runSnippet } from './snippets.js';

const part = markdownPart('README.md', '### Sequences from the command line');
const [make] = codeBlocks(part);
const commands = codeBlocks(part, ['sh'])[0]!.trim().split('\n');

/** A command line split into words, "quoted words" kept whole. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);

describe('README: "Sequences from the command line" runs as written and prints what it says', () => {
  it('has its snippet and six commands', () => {
    assert.ok(make !== undefined);
    assert.equal(commands.length, 6);
  });
  const work = mkdtempSync(join(tmpdir(), 'readme-seq-'));
  it('the commands run in order and print the figures the text gives', async () => {
    await runSnippet(make!, 'readme_sequences', work);
    const printed: string[] = [];
    for (const line of commands) {
      const [npx, scratchnet, ...args] = words(line);
      assert.deepEqual([npx, scratchnet], ['npx', 'scratchnet']);
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'scratchnet.js'), ...args], { cwd: work, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `${line}: ${r.stderr}`);
      printed.push(r.stdout);
    }
    const [lm, generated, lmEval, , answers, s2sEval] = printed;
    assert.match(lm!, /7465 words, a vocabulary of 49, the last 746 held back/);
    // NOTE: the fast kernels agree with the reference within float32 rounding, which 27 SGD steps at lr 20 turn into ±1%.
    const quoted = (text: RegExp) => Number(part.match(text)?.[1]);
    const printedAt = (epoch: number) => Number(lm!.match(new RegExp(`epoch  ${epoch} .* val perplexity (\\d+\\.\\d+) `))?.[1]);
    const near = (got: number, want: number) => assert.ok(Math.abs(got - want) <= 0.01 * want, `printed ${got}, the README says ${want}`);
    near(printedAt(1), quoted(/from (\d+\.\d+) after the first/));
    near(printedAt(3), quoted(/validation perplexity of (\d+\.\d+) after 3/));
    assert.ok(part.includes(`\`${generated!.trim()}\``), `the README quotes the generated text: ${generated}`);
    assert.deepEqual(Object.keys(JSON.parse(lmEval!) as object), ['task', 'perplexity']);
    assert.deepEqual(answers!.trim().split('\n'), ['68', '100']);
    assert.equal((JSON.parse(s2sEval!) as { n: number }).n, 2000);
    assert.match(printed[3]!, /test exact-match accuracy 0\.0150, 342 iterations/);
  });
});
