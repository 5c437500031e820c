import { existsSync } from 'node:fs';
import { basename, isAbsolute, relative } from 'node:path';
import { loadMnist, type Mnist, type MnistOptions } from '../node/mnist-files.js';
import { CliError } from './args.js';

/** Loads MNIST for a command; a missing folder or file becomes a one-line CLI error. */
export function loadData(dir: string | undefined, options: MnistOptions): Mnist {
  if (dir !== undefined && !existsSync(dir)) throw new CliError(`--data ${dir}: no such folder`);
  return loadMnist({ ...options, ...(dir !== undefined ? { dir } : {}) });
}

/** The command as the user typed it, for hints: `npx scratchnet`, `scratchnet`, or `node bin/scratchnet.js`. */
export function invokedAs(): string {
  if (process.env.npm_command === 'exec') return 'npx scratchnet';
  const script = process.argv[1] ?? '';
  if (basename(script) === 'scratchnet') return 'scratchnet';
  return `node ${shownPath(script)}`;
}

/** A path as messages show it: relative to the working folder when inside it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export { describeModel } from '../models/kinds.js';

/** stdout writer that ends lines. */
export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}
