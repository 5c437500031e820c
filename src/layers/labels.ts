import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';

/** Labels as given by a user: class indices (Int32Array, number[]) or one-hot rows (Tensor). */
export type LabelInput = Int32Array | Uint8Array | readonly number[] | Tensor;

/** Labels checked against scores of shape (N, C) or (C): exactly one of `indices` / `oneHot` is set. */
export interface Labels {
  readonly n: number;
  readonly indices: Int32Array | null;
  readonly oneHot: Tensor | null;
}

/** Validates labels for scores `x` ((N, C), or one sample (C)) and returns them in one form; a list may be any array of whole numbers. */
export function checkLabels(where: string, x: Tensor, t: LabelInput | Float32Array | Float64Array): Labels {
  const C = x.shape[x.ndim - 1]!;
  const N = x.ndim === 1 ? 1 : x.shape[0]!;
  if (t instanceof Tensor) {
    const ok = t.size === x.size && (t.ndim === x.ndim || (x.ndim === 1 && t.ndim === 2 && t.shape[0] === 1)) && t.shape[t.ndim - 1] === C;
    if (!ok) {
      throw new ShapeError(`${where}: one-hot labels must have the shape of the scores ${fmtShape(x.shape)}, got ${fmtShape(t.shape)}`);
    }
    if (t.dtype !== x.dtype) throw new DTypeError(`${where}: one-hot labels are ${t.dtype} but scores are ${x.dtype}; use .astype('${x.dtype}')`);
    if (!t.isFinite()) throw new ValueError(`${where}: one-hot labels contain NaN or Infinity`);
    return { n: N, indices: null, oneHot: t };
  }
  if (!(ArrayBuffer.isView(t) || Array.isArray(t))) {
    throw new ValueError(`${where}: labels must be class indices (Int32Array or number[]) or one-hot rows (Tensor), got ${t === null ? 'null' : typeof t}`);
  }
  if (t.length !== N) {
    throw new ShapeError(`${where}: got ${t.length} labels for ${N} samples (scores ${fmtShape(x.shape)})`);
  }
  const indices = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const v = t[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= C) {
      throw new ValueError(`${where}: label ${i} is ${v}, outside the ${C} classes 0 .. ${C - 1}`);
    }
    indices[i] = v;
  }
  return { n: N, indices, oneHot: null };
}

/** Labels as one-hot rows of shape (N, C) in `dtype`. */
export function toOneHot(t: Labels, C: number, dtype: Tensor['dtype']): Tensor {
  if (t.oneHot !== null) return t.oneHot.reshape(t.n, C);
  const out = Tensor.zeros([t.n, C], { dtype });
  for (let n = 0; n < t.n; n++) out.data[n * C + t.indices![n]!] = 1;
  return out;
}
