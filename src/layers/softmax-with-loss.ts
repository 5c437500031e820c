import { NonFiniteError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import { logSoftmax, sumPicked } from './functions.js';
import { checkTensor } from './layer.js';
import { checkLabels, toOneHot, type Labels } from './labels.js';
import type { Target } from './targets.js';

/**
 * Softmax followed by the cross-entropy loss, the last layer of a classifier.
 * `forward(x, t)` returns the mean loss over the batch,
 * L = −(1/N) Σₙ log softmax(xₙ)[tₙ], with labels as class indices or one-hot rows.
 *
 * The log of the softmax is computed as x − max − log Σ e^(x − max), which is
 * finite for any finite logits, so no 1e−7 guard is needed here (the book adds
 * one because it takes log of an already rounded softmax; ours agrees with it
 * to within 1e−7/y). The book's guarded `crossEntropyError` is exported for
 * probabilities.
 *
 * @example
 * ```ts
 * import { SoftmaxWithLoss, Tensor } from 'scratchnet';
 * const last = new SoftmaxWithLoss();
 * const loss = last.forward(Tensor.from([[2, 1, 0.1]]), [0]); // 0.417...
 * const dx = last.backward();                                  // (y − t)/N
 * ```
 */
export class SoftmaxWithLoss {
  readonly kind = 'SoftmaxWithLoss';
  /** The softmax output of the last forward. */
  y: Tensor | null = null;
  private t: Labels | null = null;
  private inputShape: readonly number[] = [];

  /** The mean cross-entropy of softmax(x) against the labels t (class indices or one-hot rows). */
  forward(x: Tensor, t: Target): number {
    checkTensor('SoftmaxWithLoss.forward', x, 'scores x');
    if (x.ndim !== 1 && x.ndim !== 2) {
      throw new ShapeError(`SoftmaxWithLoss: expected scores of shape [N, classes] or [classes], got ${fmtShape(x.shape)}; flatten or reshape first`);
    }
    if (x.size === 0) throw new ShapeError(`SoftmaxWithLoss: got empty scores ${fmtShape(x.shape)}`);
    if (!x.isFinite()) {
      throw new NonFiniteError(`SoftmaxWithLoss: the scores contain NaN or Infinity; the layers before diverged (lower the learning rate, check input scaling)`);
    }
    this.t = checkLabels('SoftmaxWithLoss', x, t);
    this.inputShape = x.shape;
    const logY = logSoftmax(x);
    this.y = logY.exp();
    return -sumPicked(logY, this.t) / this.t.n;
  }

  /** dx = dout·(y − t)/N, t as one-hot rows. */
  backward(dout = 1): Tensor {
    if (this.y === null || this.t === null) throw new ValueError('SoftmaxWithLoss.backward: call forward first (backward uses what forward cached)');
    if (typeof dout !== 'number' || !Number.isFinite(dout)) throw new ValueError(`SoftmaxWithLoss.backward: dout must be a finite number, got ${dout}`);
    const C = this.inputShape[this.inputShape.length - 1]!;
    const y2 = this.y.reshape(this.t.n, C);
    const dx = y2.sub(toOneHot(this.t, C, this.y.dtype)).mul(dout / this.t.n);
    return dx.reshape(this.inputShape);
  }
}
