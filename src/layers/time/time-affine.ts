import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkDout, type ForwardOptions } from '../layer.js';
import { checkSequence } from './checks.js';

/** Options of {@link TimeAffine}. */
export interface TimeAffineOptions {
  /**
   * Read W as (M, D) and compute x·Wᵀ + b: how BetterRnnlm ties its output weights to the embedding's
   * W (V, D), the book's `TimeAffine(embed_W.T, b)`, without a transposed copy that would stop sharing.
   */
  readonly transposeW?: boolean;
}

/**
 * TimeAffine: the same Affine at every time step, xs (N, T, D) → (N, T, M), out[n, t] = xs[n, t]·W + b,
 * computed as one product of the N·T rows, as the book does.
 *
 * Backward with the rows flattened to (N·T, ·): dx = dout·Wᵀ, dW = xᵀ·dout, db = Σ dout.
 *
 * @example
 * ```ts
 * import { Tensor, TimeAffine } from 'scratchnet';
 * const affine = new TimeAffine(Tensor.from([[1, 0, 2], [0, 1, 3]]), Tensor.from([0, 0, 1])); // D 2, M 3
 * affine.forward(Tensor.from([[[1, 1], [2, 0]]]));   // [[[1, 1, 6], [2, 0, 5]]]
 * affine.backward(Tensor.ones([1, 2, 3]));           // [[[3, 4], [3, 4]]]
 * ```
 */
export class TimeAffine {
  readonly kind = 'TimeAffine';
  readonly params: { readonly W: Tensor; readonly b: Tensor };
  /** ∂L/∂W and ∂L/∂b of the last backward (W's shape, transposed or not), overwritten in place. */
  readonly grads: { readonly W: Tensor; readonly b: Tensor };
  readonly transposeW: boolean;
  private x2d: Tensor | null = null;
  private out: Tensor | null = null;

  constructor(W: Tensor, b: Tensor, options: TimeAffineOptions = {}) {
    const transposeW = options.transposeW ?? false;
    if (typeof transposeW !== 'boolean') throw new ValueError(`TimeAffine: transposeW must be true or false, got ${JSON.stringify(transposeW)}`);
    if (!(W instanceof Tensor) || !(b instanceof Tensor)) throw new ValueError('TimeAffine: W and b must be Tensors');
    if (W.ndim !== 2) throw new ShapeError(`TimeAffine: W must be 2-D, got ${fmtShape(W.shape)}`);
    const M = W.shape[transposeW ? 0 : 1]!;
    if (b.ndim !== 1 || b.shape[0] !== M) throw new ShapeError(`TimeAffine: b must have shape [${M}] to match W ${fmtShape(W.shape)}${transposeW ? ' (transposed)' : ''}, got ${fmtShape(b.shape)}`);
    if (W.dtype !== b.dtype) throw new DTypeError(`TimeAffine: W is ${W.dtype} but b is ${b.dtype}`);
    this.transposeW = transposeW;
    this.params = { W, b };
    this.grads = { W: Tensor.zeros(W.shape, { dtype: W.dtype }), b: Tensor.zeros(b.shape, { dtype: b.dtype }) };
  }

  /** xs·W + b at every step: (N, T, D) → (N, T, M). */
  forward(xs: Tensor, _options: ForwardOptions = {}): Tensor {
    const { W, b } = this.params;
    const D = W.shape[this.transposeW ? 1 : 0]!;
    checkSequence('TimeAffine.forward', xs, D, W.dtype, 'input xs');
    const [N, T] = xs.shape as [number, number];
    this.x2d = xs.reshape(N * T, D);
    this.out = this.x2d.matmul(W, { bias: b, transB: this.transposeW }).reshape(N, T, b.shape[0]!);
    return this.out;
  }

  /** over the N·T rows: dx = dout·Wᵀ; dW = xᵀ·dout (doutᵀ·x when W is read transposed); db = Σ dout */
  backward(dout: Tensor): Tensor {
    checkDout('TimeAffine', dout, this.out);
    const { W } = this.params;
    const d2 = dout.reshape(-1, this.params.b.shape[0]!);
    const x2 = this.x2d!;
    this.grads.W.assign(this.transposeW ? d2.matmul(x2, { transA: true }) : x2.matmul(d2, { transA: true }));
    this.grads.b.assign(d2.sum(0));
    const dx = d2.matmul(W, { transB: !this.transposeW });
    return dx.reshape(dout.shape[0]!, dout.shape[1]!, x2.shape[1]!);
  }
}
