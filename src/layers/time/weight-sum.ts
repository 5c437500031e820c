import { ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkDout } from '../layer.js';
import { repeatTo } from './attention-weight.js';
import { checkSequence } from './checks.js';

/**
 * WeightSum: the context vector, the encoder states weighted by attention: c = Σₜ aₜ·hsₜ for
 * hs (N, T, H) and weights a (N, T), c (N, H). No parameters.
 *
 * Backward: dhs = dc ⊙ a (dc repeated over t, a over h); da = Σ_h dc ⊙ hs.
 *
 * @example
 * ```ts
 * import { Tensor, WeightSum } from 'scratchnet';
 * const hs = Tensor.from([[[1, 0], [0, 1]]]);
 * new WeightSum().forward(hs, Tensor.from([[0.25, 0.75]])); // [[0.25, 0.75]]
 * ```
 */
export class WeightSum {
  readonly kind = 'WeightSum';
  private cache: { hs: Tensor; ar: Tensor } | null = null;
  private out: Tensor | null = null;

  /** c (N, H) = Σₜ a[:, t]·hs[:, t]. */
  forward(hs: Tensor, a: Tensor): Tensor {
    checkSequence('WeightSum.forward', hs, null, null, 'encoder states hs');
    const [N, T] = hs.shape as [number, number];
    if (!(a instanceof Tensor)) throw new ValueError(`WeightSum.forward: a must be a Tensor of shape [${N}, ${T}]`);
    if (a.ndim !== 2 || a.shape[0] !== N || a.shape[1] !== T || a.dtype !== hs.dtype) {
      throw new ShapeError(`WeightSum.forward: the weights a must be [N, T] = [${N}, ${T}] (${hs.dtype}) to match hs ${fmtShape(hs.shape)}, got ${fmtShape(a.shape)} (${a.dtype})`);
    }
    const ar = a.reshape(N, T, 1);
    this.out = hs.mul(ar).sum(1);
    this.cache = { hs, ar };
    return this.out;
  }

  /** dhs = dc ⊙ a; da = Σ_h dc ⊙ hs */
  backward(dc: Tensor): { dhs: Tensor; da: Tensor } {
    checkDout('WeightSum', dc, this.out);
    const { hs, ar } = this.cache!;
    const [N, , H] = hs.shape as [number, number, number];
    const dt = repeatTo(dc.reshape(N, 1, H), hs.shape); // dc.reshape(N, 1, H).repeat(T, axis=1)
    return { dhs: dt.mul(ar), da: dt.mul(hs).sum(2) };
  }
}
