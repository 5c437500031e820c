import { ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkDout } from '../layer.js';
import { Softmax } from '../softmax.js';
import { checkSequence } from './checks.js';

/** Throws unless h is (N, H) for hs (N, T, H), of hs's dtype. */
export function checkQuery(where: string, hs: Tensor, h: Tensor): void {
  if (!(h instanceof Tensor)) throw new ValueError(`${where}: h must be a Tensor of shape [N, H], got ${h === null ? 'null' : typeof h}`);
  if (h.ndim !== 2 || h.shape[0] !== hs.shape[0] || h.shape[1] !== hs.shape[2] || h.dtype !== hs.dtype) {
    throw new ShapeError(`${where}: h must be [N, H] = [${hs.shape[0]}, ${hs.shape[2]}] (${hs.dtype}) to match hs ${fmtShape(hs.shape)}, got ${fmtShape(h.shape)} (${h.dtype})`);
  }
}

/** x (with a 1 in the dimension `shape` widens) repeated to `shape`: numpy's `.repeat(n, axis)` of the book. */
export function repeatTo(x: Tensor, shape: readonly number[]): Tensor {
  return Tensor.zeros(shape, { dtype: x.dtype }).add(x);
}

/**
 * AttentionWeight: how much each encoder state hsₜ (hs: N, T, H) matters to the decoder state h (N, H),
 * by the dot product: sₜ = hsₜ · h, a = softmax(s) over t (N, T). No parameters.
 *
 * Backward: ds = Softmax backward of da; dhs = ds ⊙ h (h broadcast over t); dh = Σₜ ds ⊙ hs.
 *
 * @example
 * ```ts
 * import { AttentionWeight, Tensor } from 'scratchnet';
 * const hs = Tensor.from([[[1, 0], [0, 1], [1, 1]]]);   // N 1, T 3, H 2
 * const a = new AttentionWeight().forward(hs, Tensor.from([[2, 0]])); // softmax([2, 0, 2])
 * ```
 */
export class AttentionWeight {
  readonly kind = 'AttentionWeight';
  private readonly softmax = new Softmax();
  private cache: { hs: Tensor; hr: Tensor } | null = null;
  private out: Tensor | null = null;

  /** a (N, T): softmax over t of hsₜ · h. */
  forward(hs: Tensor, h: Tensor): Tensor {
    checkSequence('AttentionWeight.forward', hs, null, null, 'encoder states hs');
    checkQuery('AttentionWeight.forward', hs, h);
    const [N, , H] = hs.shape as [number, number, number];
    const hr = h.reshape(N, 1, H);
    this.out = this.softmax.forward(hs.mul(hr).sum(2)); // s = Σ_h hs ⊙ h
    this.cache = { hs, hr };
    return this.out;
  }

  /** ds = softmax′(da); dhs = ds ⊙ h; dh = Σₜ ds ⊙ hs */
  backward(da: Tensor): { dhs: Tensor; dh: Tensor } {
    checkDout('AttentionWeight', da, this.out);
    const { hs, hr } = this.cache!;
    const [N, T] = hs.shape as [number, number];
    const dt = repeatTo(this.softmax.backward(da).reshape(N, T, 1), hs.shape); // ds.reshape(N, T, 1).repeat(H, axis=2)
    return { dhs: dt.mul(hr), dh: dt.mul(hs).sum(1) };
  }
}
