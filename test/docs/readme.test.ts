import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers.js';

/** The ```ts blocks of a README part: from its heading to the next heading of its level or above. */
function blocks(heading: string): string[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}"`);
  const level = heading.indexOf(' ');
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  const part = end < 0 ? rest : rest.slice(0, end);
  return [...part.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]!);
}

// snippets import from 'scratchnet'; a module inside the package resolves that to the package itself
const RUN_DIR = join(ROOT, 'dist', 'doc-examples');

describe('README: "Your own data: arrays in code" runs as written', () => {
  const found = blocks('### Arrays in code');
  it('finds its three snippets (regression, yes/no, validation and early stopping)', (t) => {
    if (found.length !== 3) throw new Error(`found ${found.length} snippets`);
    t.diagnostic(`${found.length} snippets`);
  });
  mkdirSync(RUN_DIR, { recursive: true });
  found.forEach((code, i) => {
    it(`snippet ${i + 1}`, async () => {
      const path = join(RUN_DIR, `readme_own_data_${i + 1}.mjs`);
      writeFileSync(path, ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
      const log = console.log;
      console.log = () => {};
      try {
        await import(`${path}?${Date.now()}`);
      } finally {
        console.log = log;
      }
    });
  });
});
