import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadMnist, type Mnist, type MnistOptions } from '../data/mnist.js';
import type { Model } from '../models/model.js';
import { CliError } from './args.js';

/** Loads MNIST for a command; a missing folder or file becomes a one-line CLI error. */
export function loadData(dir: string | undefined, options: MnistOptions): Mnist {
  if (dir !== undefined && !existsSync(dir)) throw new CliError(`--data ${dir}: no such folder`);
  return loadMnist({ ...options, ...(dir !== undefined ? { dir } : {}) });
}

/** Fails early (before any training) when a file could not be written later. */
export function checkWritable(flag: string, path: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`--${flag} ${path}: the folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`--${flag} ${path}: is a folder, expected a file name`);
}

/** A short description such as `two-layer 784-50-10 relu`. */
export function describeModel(model: Model): string {
  const c = model.config() as Record<string, unknown>;
  if (c.model === 'two-layer') return `two-layer ${c.inputSize}-${c.hiddenSize}-${c.outputSize} ${c.activation}`;
  return String(c.model);
}

/** stdout writer that ends lines. */
export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}
