import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import type { LabelInput } from './labels.js';

/**
 * What a loss compares the scores with: class indices or one-hot rows (softmax), numbers of shape
 * (N, outputs) (regression), or 0/1 per column (sigmoid). With one output column, a plain list of N
 * numbers will do.
 */
export type Target = LabelInput | Float32Array | Float64Array;

/**
 * Targets as rows of x's shape and dtype, for a loss over scores x ((N, K), or one sample (K)):
 * a Tensor of x's shape (or (N) when K = 1), or N numbers when K = 1. `bad` names a value the loss
 * cannot take (null when it is fine).
 */
export function targetRows(where: string, x: Tensor, t: Target, bad: (v: number) => string | null): Tensor {
  const K = x.shape[x.ndim - 1]!;
  const N = x.ndim === 1 ? 1 : x.shape[0]!;
  let rows: Tensor;
  if (t instanceof Tensor) {
    const fits = t.size === x.size && (t.shape.join() === x.shape.join() || (K === 1 && t.ndim === 1) || (x.ndim === 1 && t.ndim === 2 && t.shape[0] === 1));
    if (!fits) throw new ShapeError(`${where}: targets must have the shape of the scores ${fmtShape(x.shape)}, got ${fmtShape(t.shape)}`);
    if (t.dtype !== x.dtype) throw new DTypeError(`${where}: targets are ${t.dtype} but scores are ${x.dtype}; use .astype('${x.dtype}')`);
    rows = t.reshape(x.shape);
  } else if (Array.isArray(t) || ArrayBuffer.isView(t)) {
    const list = t as ArrayLike<number>;
    if (K !== 1) throw new ShapeError(`${where}: a list of numbers is a target for one output column, the scores ${fmtShape(x.shape)} have ${K}; give a Tensor of shape [${N}, ${K}]`);
    if (list.length !== N) throw new ShapeError(`${where}: got ${list.length} targets for ${N} samples (scores ${fmtShape(x.shape)})`);
    for (let i = 0; i < N; i++) {
      if (typeof list[i] !== 'number') throw new ValueError(`${where}: target ${i} is ${JSON.stringify(list[i])}, not a number`);
    }
    rows = Tensor.from(list, { dtype: x.dtype, shape: x.shape });
  } else {
    throw new ValueError(`${where}: targets must be a Tensor or a list of numbers, got ${t === null ? 'null' : typeof t}`);
  }
  for (let i = 0; i < rows.size; i++) {
    const why = bad(rows.data[i]!);
    if (why !== null) throw new ValueError(`${where}: target ${K === 1 ? i : `[${Math.floor(i / K)}, ${i % K}]`} is ${rows.data[i]}; ${why}`);
  }
  return rows;
}
