import { arrayData, type ArrayData, type ArrayDataOptions } from '../data/arrays.js';
import { parseNpy, type NpyArray } from '../formats/npy.js';
import { parseNpz, type NpzOptions } from '../formats/npz.js';
import { readFileBytes } from './read-file.js';

/**
 * Reads a `.npy` file (numpy's `np.save`).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { encodeNpy, loadNpy } from 'scratchnet';
 * writeFileSync('w.npy', encodeNpy({ dtype: 'float64', shape: [2], data: Float64Array.of(0.5, -1) }));
 * console.log(loadNpy('w.npy').data); // Float64Array [0.5, -1]
 * ```
 */
export function loadNpy(path: string): NpyArray {
  return parseNpy(readFileBytes(path), path);
}

/** Options of {@link loadNpz}: which arrays are the samples and answers, the dtype, and the size limit. */
export interface LoadNpzOptions extends ArrayDataOptions, NpzOptions {}

/**
 * Reads samples and answers from a `.npz` file, as Python writes it with
 * `np.savez('d.npz', x=X, y=y)` (or `np.savez_compressed`): `x` becomes a Tensor
 * of its saved shape, `y` class indices (integers) or numbers (floats).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { encodeNpz, loadNpz } from 'scratchnet';
 * writeFileSync('d.npz', encodeNpz({
 *   x: { dtype: 'float32', shape: [4, 2], data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1) },
 *   y: { dtype: 'int64', shape: [4], data: Float64Array.of(0, 1, 1, 0) },
 * }));
 * const { x, y } = loadNpz('d.npz', { x: 'x', y: 'y' });
 * console.log(x.shape, y); // [4, 2] Int32Array [0, 1, 1, 0]
 * ```
 */
export function loadNpz(path: string, options: LoadNpzOptions = {}): ArrayData {
  return arrayData(parseNpz(readFileBytes(path), path, options), path, options);
}
