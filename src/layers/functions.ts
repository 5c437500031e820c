/**
 * The book's functions (common/functions.py) on tensors, shared by layers.
 */
import { Tensor } from '../tensor/tensor.js';
import { checkLabels, type LabelInput, type Labels } from './labels.js';

/** Softmax over the last axis, max-subtracted so that e^(…) never overflows. */
export function softmax(x: Tensor): Tensor {
  const shifted = x.sub(x.max(-1, { keepdims: true }));
  const e = shifted.exp();
  return e.div(e.sum(-1, { keepdims: true }));
}

/**
 * log softmax over the last axis: x − max − log Σ e^(x − max); finite for any finite x. As tensor
 * operations that is `s = x.sub(x.max(-1, { keepdims: true })); s.sub(s.exp().sum(-1, { keepdims: true }).log())`,
 * six passes; the kernel (src/backend/reference/softmax.ts) does it in one sweep per row.
 */
export function logSoftmax(x: Tensor): Tensor {
  return x.logSoftmax();
}

/**
 * The book's cross_entropy_error on probabilities y (N, C):
 * −(1/N) Σₙ log(y[n, tₙ] + 1e−7), the 1e−7 guarding log(0).
 * Labels are class indices or one-hot rows.
 *
 * @example
 * ```ts
 * import { Tensor, crossEntropyError } from 'scratchnet';
 * crossEntropyError(Tensor.from([[0.1, 0.6, 0.3]]), [1]); // −log(0.6000001) ≈ 0.5108
 * ```
 */
export function crossEntropyError(y: Tensor, t: LabelInput): number {
  const labels = checkLabels('crossEntropyError', y, t);
  const guarded = y.add(1e-7).log();
  return -sumPicked(guarded, labels) / labels.n;
}

/** Σₙ z[n, tₙ] for class indices, or Σ z·t for one-hot rows. */
export function sumPicked(z: Tensor, t: Labels): number {
  if (t.indices !== null) {
    const C = z.shape[z.ndim - 1]!;
    let s = 0;
    for (let n = 0; n < t.n; n++) s += z.data[n * C + t.indices[n]!]!;
    return s;
  }
  return z.mul(t.oneHot!.reshape(z.shape)).sum().item();
}
