import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers.js';

/** Every `@example` block of a doc comment in src/, as [file, line, code]. */
function examples(): [string, number, string][] {
  const found: [string, number, string][] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'assembly' && e.name !== 'generated') walk(path);
      } else if (e.name.endsWith('.ts')) {
        const lines = readFileSync(path, 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (!/^\s*\*\s*@example\s*$/.test(line)) return;
          let j = i + 1;
          while (j < lines.length && !/```(ts|typescript)\s*$/.test(lines[j]!)) j++;
          const code: string[] = [];
          for (j++; j < lines.length && !/^\s*\*\s*```\s*$/.test(lines[j]!); j++) code.push(lines[j]!.replace(/^\s*\* ?/, ''));
          found.push([relative(ROOT, path), i + 1, code.join('\n')]);
        });
      }
    }
  };
  walk(join(ROOT, 'src'));
  return found;
}

// examples import from 'scratchnet'; a module inside the package resolves that to the package itself
const RUN_DIR = join(ROOT, 'dist', 'doc-examples');

describe('every @example in the doc comments runs', () => {
  const all = examples();
  it('finds the examples (a doc comment without its code block would be skipped silently)', () => {
    assert.ok(all.length >= 55, `found ${all.length} examples`);
    for (const [file, line, code] of all) assert.ok(code.trim().length > 0, `${file}:${line}: an @example without a \`\`\`ts block`);
  });
  mkdirSync(RUN_DIR, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'doc-examples-'));
  for (const [file, line, code] of all) {
    it(`${file}:${line}`, async () => {
      const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const path = join(RUN_DIR, `${file.replace(/[/.]/g, '_')}_${line}.mjs`);
      writeFileSync(path, js);
      const log = console.log;
      const cwd = process.cwd();
      console.log = () => {}; // examples print what they show; the point here is that they run
      process.chdir(work); // and files they write land in a scratch folder
      try {
        await import(`${path}?${Date.now()}`);
      } finally {
        console.log = log;
        process.chdir(cwd);
      }
    });
  }
});
