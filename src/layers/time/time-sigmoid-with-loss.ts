import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import type { TensorDType } from '../../tensor/dtype.js';
import { checkTensor } from '../layer.js';
import { SigmoidWithLoss } from '../sigmoid-with-loss.js';
import { positionOf } from './checks.js';

/**
 * TimeSigmoidWithLoss: a yes/no answer at every time step (the book uses it for negative sampling over
 * a sequence). For scores xs (N, T) and labels ts (N, T) of 0 and 1 (int32, or floats of xs's dtype):
 *
 *     L = (1/T) Σₜ (1/N) Σₙ −[t log σ(x) + (1 − t) log(1 − σ(x))]
 *
 * the book's loop of one SigmoidWithLoss per step; here one SigmoidWithLoss over the (N, T) scores,
 * whose sum over columns and mean over rows gives T times this. Backward: dx = dout·(σ(x) − t)/(N·T).
 *
 * @example
 * ```ts
 * import { Tensor, TimeSigmoidWithLoss } from 'scratchnet';
 * const last = new TimeSigmoidWithLoss();
 * last.forward(Tensor.zeros([2, 3]), Tensor.from([[1, 0, 1], [0, 0, 1]], { dtype: 'int32' })); // log 2
 * last.backward();                                                                            // ±0.5/6
 * ```
 */
export class TimeSigmoidWithLoss {
  readonly kind = 'TimeSigmoidWithLoss';
  private readonly inner = new SigmoidWithLoss();
  private T = 0;

  /** σ(xs) of the last forward. */
  get y(): Tensor | null {
    return this.inner.y;
  }

  /** The mean binary cross-entropy of σ(xs) against ts over all N·T positions. */
  forward(xs: Tensor, ts: Tensor<'int32'> | Tensor): number {
    checkTensor('TimeSigmoidWithLoss.forward', xs, 'scores xs');
    if (xs.ndim !== 2) throw new ShapeError(`TimeSigmoidWithLoss: expected scores of shape [N, T], got ${fmtShape(xs.shape)}`);
    checkTensor('TimeSigmoidWithLoss.forward', ts, 'labels ts');
    const labels = ts as Tensor<TensorDType>;
    if (labels.shape.join() !== xs.shape.join()) throw new ShapeError(`TimeSigmoidWithLoss: the labels ${fmtShape(labels.shape)} must have the scores' shape ${fmtShape(xs.shape)}`);
    if (labels.dtype !== 'int32' && labels.dtype !== xs.dtype) throw new DTypeError(`TimeSigmoidWithLoss: the labels are ${labels.dtype}; give int32 0/1 labels or ${xs.dtype} like the scores`);
    for (let i = 0; i < labels.size; i++) {
      const v = labels.data[i]!;
      if (!(v >= 0 && v <= 1)) throw new ValueError(`TimeSigmoidWithLoss: label ${v} at ${positionOf(i, labels.shape)} is not 0 or 1`);
    }
    const t = labels.dtype === 'int32' ? (labels as Tensor<'int32'>).astype(xs.dtype) : (labels as Tensor);
    this.T = xs.shape[1]!;
    return this.inner.forward(xs, t) / this.T;
  }

  /** dx = dout·(σ(x) − t)/(N·T): SigmoidWithLoss's (σ(x) − t)/N, scaled by 1/T */
  backward(dout = 1): Tensor {
    if (this.inner.y === null) throw new ValueError('TimeSigmoidWithLoss.backward: call forward first (backward uses what forward cached)');
    if (typeof dout !== 'number' || !Number.isFinite(dout)) throw new ValueError(`TimeSigmoidWithLoss.backward: dout must be a finite number, got ${dout}`);
    return this.inner.backward(dout / this.T);
  }
}
