import { NonFiniteError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './layer.js';
import { targetRows, type Target } from './targets.js';

/**
 * Sigmoid followed by the binary cross-entropy, the last layer of a yes/no classifier; several
 * columns are several independent yes/no labels. `forward(x, t)` returns, with y = σ(x),
 * L = −(1/N) Σₙ Σₖ [tₙₖ·log yₙₖ + (1 − tₙₖ)·log(1 − yₙₖ)].
 *
 * Computed from the logits as max(x, 0) − x·t + log(1 + e^(−|x|)), which is the same function
 * and finite for any finite x (log σ(1e4) never meets log 0). Its backward, as SoftmaxWithLoss's,
 * is dL/dx = (σ(x) − t)/N. Targets are 0 or 1 (a probability in between is accepted) of the
 * scores' shape, or N of them for one column.
 *
 * @example
 * ```ts
 * import { SigmoidWithLoss, Tensor } from 'scratchnet';
 * const last = new SigmoidWithLoss();
 * const loss = last.forward(Tensor.from([[0], [2]]), [1, 0]); // (log 2 + 2 + log(1 + e⁻²))/2 ≈ 1.41
 * const dx = last.backward();                                 // (σ(x) − t)/N ≈ [[−0.25], [0.44]]
 * ```
 */
export class SigmoidWithLoss {
  readonly kind = 'SigmoidWithLoss';
  /** σ(x) of the last forward: the probability of "yes" for each column. */
  y: Tensor | null = null;
  private t: Tensor | null = null;
  private n = 0;

  /** The binary cross-entropy of σ(x) against the targets t, summed over columns, averaged over the batch. */
  forward(x: Tensor, t: Target): number {
    checkTensor('SigmoidWithLoss.forward', x, 'scores x');
    if (x.ndim !== 1 && x.ndim !== 2) {
      throw new ShapeError(`SigmoidWithLoss: expected scores of shape [N, labels] or [labels], got ${fmtShape(x.shape)}; flatten or reshape first`);
    }
    if (x.size === 0) throw new ShapeError(`SigmoidWithLoss: got empty scores ${fmtShape(x.shape)}`);
    if (!x.isFinite()) {
      throw new NonFiniteError('SigmoidWithLoss: the scores contain NaN or Infinity; the layers before diverged (lower the learning rate, check input scaling)');
    }
    this.t = targetRows('SigmoidWithLoss', x, t, (v) => (v >= 0 && v <= 1 ? null : 'binary targets are 0 (no) or 1 (yes)'));
    this.n = x.ndim === 1 ? 1 : x.shape[0]!;
    this.y = x.sigmoid();
    const softplus = x.abs().neg().exp().add(1).log(); // log(1 + e^(−|x|)) ≤ log 2
    return x.maximum(0).sub(x.mul(this.t)).add(softplus).sum().item() / this.n;
  }

  /** dx = dout·(σ(x) − t)/N. */
  backward(dout = 1): Tensor {
    if (this.y === null || this.t === null) throw new ValueError('SigmoidWithLoss.backward: call forward first (backward uses what forward cached)');
    if (typeof dout !== 'number' || !Number.isFinite(dout)) throw new ValueError(`SigmoidWithLoss.backward: dout must be a finite number, got ${dout}`);
    return this.y.sub(this.t).mul(dout / this.n);
  }
}
