import { NonFiniteError, ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../layer.js';
import { checkIds } from './checks.js';

/** Options of {@link TimeSoftmaxWithLoss}. */
export interface TimeSoftmaxWithLossOptions {
  /** The label of a position that does not count (padding); default −1, as the book's. */
  readonly ignoreLabel?: number;
}

/**
 * TimeSoftmaxWithLoss: softmax and cross-entropy at every time step, the last layer of a language model
 * or a decoder. For scores xs (N, T, V) and labels ts (N, T) of int32 ids, the loss is the mean over
 * the positions that count (label ≠ `ignoreLabel`, −1 by default):
 *
 *     L = −(1/K) Σ over counted (n, t) of log softmax(xs[n, t])[ts[n, t]],   K = the number counted
 *
 * Backward: dx[n, t] = dout·(y[n, t] − onehot(ts[n, t]))/K at counted positions, 0 at ignored ones.
 * The log-softmax is computed as x − max − log Σ e^(x − max), finite for any finite scores.
 *
 * @example
 * ```ts
 * import { Tensor, TimeSoftmaxWithLoss } from 'scratchnet';
 * const last = new TimeSoftmaxWithLoss();
 * const xs = Tensor.zeros([1, 2, 4]);                                       // uniform over 4 words
 * last.forward(xs, Tensor.from([[3, -1]], { dtype: 'int32' }));             // log 4: only t = 0 counts
 * last.backward();                                                          // row t = 1 is zeros
 * ```
 */
export class TimeSoftmaxWithLoss {
  readonly kind = 'TimeSoftmaxWithLoss';
  readonly ignoreLabel: number;
  /** softmax(xs) of the last forward, (N, T, V). */
  y: Tensor | null = null;
  /** How many positions the last loss averaged over. */
  count = 0;
  private ts: Tensor<'int32'> | null = null;

  constructor(options: TimeSoftmaxWithLossOptions = {}) {
    const ignore = options.ignoreLabel ?? -1;
    if (!Number.isSafeInteger(ignore) || ignore >= 0) throw new ValueError(`TimeSoftmaxWithLoss: ignoreLabel must be a negative whole number (it can never be a word id), got ${ignore}`);
    this.ignoreLabel = ignore;
  }

  /** The mean cross-entropy over the counted positions of scores xs (N, T, V) against ids ts (N, T). */
  forward(xs: Tensor, ts: Tensor<'int32'>): number {
    checkTensor('TimeSoftmaxWithLoss.forward', xs, 'scores xs');
    if (xs.ndim !== 3) throw new ShapeError(`TimeSoftmaxWithLoss: expected scores of shape [N, T, V], got ${fmtShape(xs.shape)}`);
    const [N, T, V] = xs.shape as [number, number, number];
    const labels = checkIds('TimeSoftmaxWithLoss.forward', ts, V, 2, 'labels', this.ignoreLabel);
    if (labels.shape[0] !== N || labels.shape[1] !== T) {
      throw new ShapeError(`TimeSoftmaxWithLoss: the labels ${fmtShape(labels.shape)} must be [N, T] = [${N}, ${T}] to match the scores ${fmtShape(xs.shape)}`);
    }
    if (!xs.isFinite()) throw new NonFiniteError('TimeSoftmaxWithLoss: the scores contain NaN or Infinity; the layers before diverged (lower the learning rate, clip the gradients)');
    const logY = xs.reshape(N * T, V).logSoftmax();
    let sum = 0;
    let count = 0;
    for (let r = 0; r < N * T; r++) {
      const t = labels.data[r]!;
      if (t === this.ignoreLabel) continue;
      sum += logY.data[r * V + t]!;
      count++;
    }
    if (count === 0) throw new ValueError(`TimeSoftmaxWithLoss: every label is ${this.ignoreLabel} (ignored); there is nothing to average over`);
    this.y = logY.exp().reshape(N, T, V);
    this.ts = labels;
    this.count = count;
    return -sum / count;
  }

  /** dx = dout·(y − onehot(t))/K where t counts, 0 where it is ignored */
  backward(dout = 1): Tensor {
    if (this.y === null || this.ts === null) throw new ValueError('TimeSoftmaxWithLoss.backward: call forward first (backward uses what forward cached)');
    if (typeof dout !== 'number' || !Number.isFinite(dout)) throw new ValueError(`TimeSoftmaxWithLoss.backward: dout must be a finite number, got ${dout}`);
    const V = this.y.shape[2]!;
    const dx = this.y.clone();
    const scale = dout / this.count;
    for (let r = 0; r < this.ts.size; r++) {
      const t = this.ts.data[r]!;
      const row = dx.data.subarray(r * V, (r + 1) * V);
      if (t === this.ignoreLabel) {
        row.fill(0);
        continue;
      }
      row[t]! -= 1;
      for (let k = 0; k < V; k++) row[k]! *= scale;
    }
    return dx;
  }
}
