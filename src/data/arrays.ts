/**
 * numpy arrays to training data: `x` as a Tensor of its saved shape, `y` as
 * class indices (a 1-D integer array) or numbers (a float array, rows of the
 * Tensor), with sample counts, emptiness and NaN/infinity checked.
 */
import { FileFormatError, NonFiniteError, ValueError } from '../errors/index.js';
import type { NpyArray } from '../formats/npy.js';
import { checkDType, type DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** Which arrays of an archive are the samples and the answers, and the dtype of the result. */
export interface ArrayDataOptions {
  /** The samples' array (default 'x'). */
  readonly x?: string;
  /** The answers' array (default 'y'); null when there are none (data to predict on). */
  readonly y?: string | null;
  /** dtype of the Tensors (default 'float32'). */
  readonly dtype?: DType;
}

/** Samples and answers from arrays. */
export interface ArrayData {
  /** The samples, shape (N, ...) as saved. */
  readonly x: Tensor;
  /** Class indices (from a 1-D integer array), numbers as rows (N, k) (from a float array; 1-D gives (N, 1)), or null. */
  readonly y: Int32Array | Tensor | null;
}

/** Where flat element i sits in a C-order array of `shape`: `[2, 0]`. */
function position(shape: readonly number[], i: number): string {
  const at: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(i % shape[d]!);
    i = Math.floor(i / shape[d]!);
  }
  return `[${at.join(', ')}]`;
}

function checkFinite(a: NpyArray, label: string): void {
  if (a.dtype !== 'float32' && a.dtype !== 'float64') return;
  const d = a.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) throw new NonFiniteError(`${label}: element ${position(a.shape, i)} is ${d[i]}; the data must be finite numbers (fill or drop missing values before saving, e.g. with np.nan_to_num or a mask)`);
  }
}

/**
 * Picks the samples and answers out of parsed arrays (see {@link parseNpz}) and
 * checks them: both present, at least one sample, the same number of samples,
 * finite values, class indices ≥ 0.
 *
 * @example
 * ```ts
 * import { arrayData } from 'scratchnet';
 * const d = arrayData({
 *   x: { dtype: 'float64', shape: [3, 2], data: Float64Array.of(0, 0, 0, 1, 1, 0) },
 *   y: { dtype: 'int64', shape: [3], data: Float64Array.of(0, 1, 1) },
 * }, 'xor.npz');
 * console.log(d.x.shape, d.y); // [3, 2] Int32Array [0, 1, 1]
 * ```
 */
export function arrayData(arrays: Readonly<Record<string, NpyArray>>, name: string, options: ArrayDataOptions = {}): ArrayData {
  const xName = options.x ?? 'x';
  const yName = options.y === undefined ? 'y' : options.y;
  const dtype = checkDType(options.dtype ?? 'float32', name);
  const present = Object.keys(arrays);
  const get = (key: string, role: string): NpyArray => {
    const a = Object.prototype.hasOwnProperty.call(arrays, key) ? arrays[key] : undefined;
    if (a === undefined) throw new FileFormatError(`${name}: no array named '${key}' for the ${role}; the file holds ${present.map((k) => `'${k}'`).join(', ') || 'no arrays'}; name the right one with the ${role === 'samples' ? 'x' : 'y'} option`);
    return a;
  };
  const xa = get(xName, 'samples');
  const n = xa.shape[0] ?? 0;
  if (xa.shape.length === 0) throw new ValueError(`${name}: array '${xName}' is a single number (shape ()); expected samples of shape (N, ...)`);
  if (n === 0 || xa.data.length === 0) throw new ValueError(`${name}: array '${xName}' has shape (${xa.shape.join(', ')}): empty data, no samples to learn from`);
  checkFinite(xa, `${name}, array '${xName}'`);
  const x = new Tensor(dtype === 'float64' ? Float64Array.from(xa.data) : Float32Array.from(xa.data), xa.shape.length === 1 ? [n, 1] : xa.shape);
  if (yName === null) return { x, y: null };
  const ya = get(yName, 'answers');
  if (ya.shape[0] !== n) throw new ValueError(`${name}: '${xName}' holds ${n} samples but '${yName}' holds ${ya.shape[0] ?? 'a single number, not'} answers (shape (${ya.shape.join(', ')})); both need the same first dimension`);
  checkFinite(ya, `${name}, array '${yName}'`);
  if (ya.dtype !== 'float32' && ya.dtype !== 'float64' && ya.shape.length === 1) {
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = ya.data[i]!;
      if (v < 0 || v > 0x7fffffff) throw new ValueError(`${name}, array '${yName}': label ${i} is ${v}; integer answers are class indices 0, 1, 2, ... (for numbers to predict, save y as floats: y.astype(np.float32))`);
      labels[i] = v;
    }
    return { x, y: labels };
  }
  const k = ya.data.length / n;
  return { x, y: new Tensor(dtype === 'float64' ? Float64Array.from(ya.data) : Float32Array.from(ya.data), [n, k]) };
}
