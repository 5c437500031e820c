import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers.js';

// the README's "Your own data" snippets, run as a reader would paste them (they import 'scratchnet')
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const start = README.indexOf('### Files: CSV, images, npz');
const section = README.slice(start, README.indexOf('\n## ', start + 1));
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const RUN_DIR = join(ROOT, 'dist', 'doc-examples');

describe('README: "Your own data: files (CSV, images, npz)" runs and prints what it says', () => {
  it('has its section and snippets', () => {
    assert.ok(start >= 0, 'the section is missing');
    assert.ok(blocks.length >= 4, `${blocks.length} snippets`);
  });
  mkdirSync(RUN_DIR, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'readme-'));
  blocks.forEach((code, i) => {
    it(`snippet ${i + 1} runs and prints what its comments say`, async () => {
      const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const path = join(RUN_DIR, `readme_files_${i + 1}.mjs`);
      writeFileSync(path, js);
      const printed: string[] = [];
      const log = console.log;
      const cwd = process.cwd();
      console.log = (...args: unknown[]) => printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, (_, v) => (ArrayBuffer.isView(v) ? [...(v as unknown as number[])] : v)))).join(' '));
      process.chdir(work);
      try {
        await import(`${path}?${Date.now()}`);
      } finally {
        console.log = log;
        process.chdir(cwd);
      }
      // the quoted strings and numbers in each `console.log(...); // ...` comment must be in what it printed
      assert.equal(printed.length, [...code.matchAll(/console\.log\(/g)].length);
      const claims = [...code.matchAll(/console\.log\([^\n]*\);\s*\/\/ ([^\n]+)/g)].map((m) => m[1]!);
      claims.forEach((claim, k) => {
        const values = claim.replace(/\b\w*Array\b/g, '').split(':')[0]!.match(/'[^']*'|"[^"]*"|-?\d+(\.\d+)?/g) ?? [];
        for (const v of values) {
          const want = v.startsWith("'") ? `"${v.slice(1, -1)}"` : v;
          assert.ok(printed[k]!.includes(want) || printed[k]!.includes(v.replace(/^'|'$/g, '')), `snippet ${i + 1}: ${v} from the comment "${claim}" is not in what it printed: ${printed[k]}`);
        }
      });
    });
  });
});
