import { readFileSync } from 'node:fs';
import { FileFormatError } from '../errors/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsContent } from './safetensors.js';

/**
 * Reads a .safetensors file (or bytes) into tensors and metadata, validated
 * before anything is allocated; failures are FileFormatErrors naming the file.
 *
 * @example
 * ```ts
 * import { readSafetensors } from 'scratchnet';
 * const { tensors, metadata } = readSafetensors('model.safetensors');
 * ```
 */
export function readSafetensors(pathOrBytes: string | Uint8Array): SafetensorsContent {
  if (typeof pathOrBytes !== 'string') return decodeSafetensors(pathOrBytes);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(pathOrBytes);
  } catch (e) {
    throw new FileFormatError(`${pathOrBytes}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeSafetensors(bytes, pathOrBytes);
}

/**
 * Writes tensors and string metadata to a .safetensors file atomically
 * (temporary file, fsync, rename): never a partial file.
 *
 * @example
 * ```ts
 * import { Tensor, writeSafetensors } from 'scratchnet';
 * writeSafetensors('weights.safetensors', { W: Tensor.ones([2, 2]) }, { author: 'me' });
 * ```
 */
export function writeSafetensors(path: string, tensors: Readonly<Record<string, Tensor>>, metadata: Readonly<Record<string, string>> = {}): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}
