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

/** A short description such as `two-layer 784-50-10 relu` or `simple-conv (6 parameter tensors, 431080 weights)`. */
export function describeModel(model: Model): string {
  const c = model.config() as Record<string, unknown>;
  if (c.model === 'two-layer') return `two-layer ${c.inputSize}-${c.hiddenSize}-${c.outputSize} ${c.activation}`;
  if (c.model === 'mlp' || c.model === 'mlp-extend') {
    const extras = [c.useBatchnorm ? 'batch norm' : '', c.useDropout ? `dropout ${c.dropoutRatio}` : '', c.weightDecay ? `weight decay ${c.weightDecay}` : ''].filter(Boolean);
    return `${c.model} ${[c.inputSize, ...(c.hiddenSizes as number[]), c.outputSize].join('-')} ${c.activation}${extras.length ? `, ${extras.join(', ')}` : ''}`;
  }
  const weights = Object.values(model.params).reduce((s, t) => s + t.size, 0);
  return `${c.model} (${weights} weights)`;
}

/** stdout writer that ends lines. */
export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}
