import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers.js';

// The browser snippet cannot run in Node (Web Workers, IndexedDB, File); it is type-checked against the browser entry instead.
describe('README: "In the browser" type-checks against the browser entry', () => {
  it('its snippet compiles with the DOM types', () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const part = text.slice(text.indexOf('\n## In the browser\n'), text.indexOf('\n## Speed\n'));
    const code = [...part.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]!);
    assert.equal(code.length, 1, 'one ts snippet');
    const file = join(ROOT, 'dist', 'doc-examples', 'readme-browser.ts');
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      strict: true, noEmit: true, skipLibCheck: true, types: [], paths: { scratchnet: [join(ROOT, 'src', 'browser.ts')] },
    };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.readFile = (f) => (f === file ? `${code[0]}\nexport {};\n` : read(f));
    host.fileExists = ((exists) => (f: string) => f === file || exists(f))(host.fileExists.bind(host));
    const program = ts.createProgram([file], options, host);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${d.file.fileName})` : ''));
    assert.deepEqual(errors, []);
  });
});
