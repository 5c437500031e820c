/**
 * Runs one of the book's examples inside the test's process, as `npm run example -- NAME ARGS`
 * would in its own: its command line, what it prints, and its exit code (process.exit is caught).
 * 'scratchnet' resolves to tiny-scratchnet.js for them (tiny-mnist-hooks.ts), so trainings take a
 * moment; the library itself is loaded once for all of them.
 */
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { ROOT } from '../helpers.js';

register(new URL('./tiny-mnist-hooks.js', import.meta.url));

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

export interface ExampleRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const imported = new Set<string>();
let runs = 0;

/**
 * The first run of an example imports it as it is (the chapter-2 gates print only when they are
 * the file run, as the book's `if __name__ == '__main__'`); later runs import a fresh copy.
 */
export async function runExample(name: string, args: readonly string[] = []): Promise<ExampleRun> {
  const file = join(ROOT, 'examples', 'book', `${name}.mjs`);
  const url = pathToFileURL(file).href;
  const saved = { argv: process.argv, exit: process.exit, log: console.log, error: console.error, warn: console.warn };
  const listeners = process.stdout.listeners('error');
  let stdout = '';
  let stderr = '';
  let code = 0;
  process.argv = [process.execPath, file, ...args];
  console.log = (...a: unknown[]) => void (stdout += `${format(...a)}\n`);
  console.error = console.warn = (...a: unknown[]) => void (stderr += `${format(...a)}\n`);
  process.exit = ((c?: number | string | null) => {
    throw new ExitCalled(Number(c ?? 0));
  }) as typeof process.exit;
  try {
    await import(imported.has(name) ? `${url}?run=${++runs}` : url);
  } catch (e) {
    if (!(e instanceof ExitCalled)) throw e;
    code = e.code;
  } finally {
    imported.add(name);
    Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn });
    process.argv = saved.argv;
    process.exit = saved.exit;
    for (const l of process.stdout.listeners('error')) if (!listeners.includes(l)) process.stdout.off('error', l as (e: Error) => void);
  }
  return { code, stdout, stderr };
}
