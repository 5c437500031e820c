import type { Tensor } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic-write.js';
import { readFileBytes } from './read-file.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsContent } from '../formats/safetensors.js';

/**
 * Reads a .safetensors file (or bytes) into tensors and metadata, validated
 * before anything is allocated; failures are FileFormatErrors naming the file.
 *
 * @example
 * ```ts
 * import { Tensor, readSafetensors, writeSafetensors } from 'scratchnet';
 * writeSafetensors('weights.safetensors', { W: Tensor.ones([2, 2]) });
 * const { tensors, metadata } = readSafetensors('weights.safetensors'); // tensors.W: [2, 2]
 * ```
 */
export function readSafetensors(pathOrBytes: string | Uint8Array): SafetensorsContent {
  if (typeof pathOrBytes !== 'string') return decodeSafetensors(pathOrBytes);
  return decodeSafetensors(readFileBytes(pathOrBytes), pathOrBytes);
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
