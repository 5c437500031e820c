import { NonFiniteError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './layer.js';
import { targetRows, type Target } from './targets.js';

/**
 * The identity output with the sum-of-squares loss, the last layer of a regression network.
 * `forward(x, t)` returns the book's chapter-4 sum of squares averaged over the batch like
 * SoftmaxWithLoss, L = (1/N) Σₙ ½‖yₙ − tₙ‖² with y = x, so the backward is dL/dx = (y − t)/N.
 * Targets are numbers of the scores' shape (N, outputs), or N numbers for one output.
 *
 * @example
 * ```ts
 * import { IdentityWithLoss, Tensor } from 'scratchnet';
 * const last = new IdentityWithLoss();
 * const loss = last.forward(Tensor.from([[1.5], [2]]), [1, 3]); // (½·0.25 + ½·1)/2 = 0.3125
 * const dx = last.backward();                                    // (y − t)/N = [[0.25], [−0.5]]
 * ```
 */
export class IdentityWithLoss {
  readonly kind = 'IdentityWithLoss';
  /** The output of the last forward: the scores themselves. */
  y: Tensor | null = null;
  private t: Tensor | null = null;
  private n = 0;

  /** The mean over the batch of ½‖y − t‖², y = x. */
  forward(x: Tensor, t: Target): number {
    checkTensor('IdentityWithLoss.forward', x, 'outputs x');
    if (x.ndim !== 1 && x.ndim !== 2) {
      throw new ShapeError(`IdentityWithLoss: expected outputs of shape [N, outputs] or [outputs], got ${fmtShape(x.shape)}; flatten or reshape first`);
    }
    if (x.size === 0) throw new ShapeError(`IdentityWithLoss: got empty outputs ${fmtShape(x.shape)}`);
    if (!x.isFinite()) {
      throw new NonFiniteError('IdentityWithLoss: the outputs contain NaN or Infinity; the layers before diverged (lower the learning rate, check input scaling)');
    }
    this.t = targetRows('IdentityWithLoss', x, t, (v) => (Number.isFinite(v) ? null : 'targets must be finite numbers'));
    this.n = x.ndim === 1 ? 1 : x.shape[0]!;
    this.y = x;
    return (0.5 * x.sub(this.t).square().sum().item()) / this.n;
  }

  /** dx = dout·(y − t)/N. */
  backward(dout = 1): Tensor {
    if (this.y === null || this.t === null) throw new ValueError('IdentityWithLoss.backward: call forward first (backward uses what forward cached)');
    if (typeof dout !== 'number' || !Number.isFinite(dout)) throw new ValueError(`IdentityWithLoss.backward: dout must be a finite number, got ${dout}`);
    return this.y.sub(this.t).mul(dout / this.n);
  }
}
