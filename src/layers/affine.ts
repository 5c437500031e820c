import { DTypeError, ShapeError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer } from './layer.js';

/**
 * Affine (fully connected): Y = X·W + b, with W of shape (D, M) and b of (M).
 * X may be (N, D), any (N, ...) that flattens to (N, D), or one sample (D).
 * The layer holds W and b by reference: an optimizer updating them in place
 * updates the layer.
 *
 * @example
 * ```ts
 * import { Affine, Tensor } from 'scratchnet';
 * const W = Tensor.from([[1, 2, 3], [4, 5, 6]]); // D = 2, M = 3
 * const b = Tensor.from([0.1, 0.2, 0.3]);
 * const affine = new Affine(W, b);
 * const y = affine.forward(Tensor.from([[1, 1]]));  // [[5.1, 7.2, 9.3]]
 * const dx = affine.backward(Tensor.ones([1, 3]));  // [[6, 15]]
 * affine.grads.W; affine.grads.b;                   // Xᵀ·dout, Σ dout over the batch
 * ```
 */
export class Affine implements Layer {
  readonly kind = 'Affine';
  readonly params: { readonly W: Tensor; readonly b: Tensor };
  /** ∂L/∂W and ∂L/∂b of the last backward: the same two tensors for the layer's life, overwritten in place. */
  readonly grads: { readonly W: Tensor; readonly b: Tensor };
  /** The input as (N, D), and its original shape to reshape dx back to. */
  private x2d: Tensor | null = null;
  private inputShape: readonly number[] = [];
  private out: Tensor | null = null;

  constructor(W: Tensor, b: Tensor) {
    checkTensor('Affine', W, 'weight W');
    checkTensor('Affine', b, 'bias b');
    if (W.ndim !== 2) throw new ShapeError(`Affine: W must be 2-D (inputs, outputs), got ${fmtShape(W.shape)}`);
    if (b.ndim !== 1 || b.shape[0] !== W.shape[1]) {
      throw new ShapeError(`Affine: b must have shape [${W.shape[1]}] to match W ${fmtShape(W.shape)}, got ${fmtShape(b.shape)}`);
    }
    if (W.dtype !== b.dtype) throw new DTypeError(`Affine: W is ${W.dtype} but b is ${b.dtype}`);
    this.params = { W, b };
    this.grads = { W: Tensor.zeros(W.shape, { dtype: W.dtype }), b: Tensor.zeros(b.shape, { dtype: b.dtype }) };
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    checkTensor('Affine.forward', x);
    const { W, b } = this.params;
    const D = W.shape[0]!;
    if (x.dtype !== W.dtype) {
      throw new DTypeError(`Affine: input is ${x.dtype} but W is ${W.dtype}; convert the input with .astype('${W.dtype}')`);
    }
    this.inputShape = x.shape;
    if (x.ndim === 1) {
      if (x.shape[0] !== D) throw new ShapeError(`Affine: expected one sample of ${D} features, got shape ${fmtShape(x.shape)}`);
      this.x2d = x.reshape(1, D);
    } else {
      const features = x.shape.slice(1).reduce((p, d) => p * d, 1);
      if (x.ndim === 0 || features !== D) {
        const hint =
          x.size === D
            ? `... did you mean to flatten? One sample needs shape [${D}] or [1, ${D}]`
            : `; the dimensions after the batch axis must multiply to ${D}`;
        throw new ShapeError(`Affine: expected input with ${D} features, got shape ${fmtShape(x.shape)}${hint}`);
      }
      const N = x.shape[0]!;
      this.x2d = x.reshape(N, D);
    }
    const y = this.x2d.matmul(W, { bias: b }); // X·W + b, b added as the product is written (one pass)
    this.out = x.ndim === 1 ? y.reshape(W.shape[1]!) : y;
    return this.out;
  }

  // dW = Xᵀ·dout, db = Σ over axis 0 of dout
  backwardParams(dout: Tensor): void {
    checkDout('Affine', dout, this.out);
    const d2 = dout.reshape(-1, this.params.W.shape[1]!);
    this.x2d!.matmul(d2, { transA: true, out: this.grads.W });
    d2.sum(0, { out: this.grads.b });
  }

  // dX = dout·Wᵀ (reshaped back to X's shape), and the parameter gradients above
  backward(dout: Tensor): Tensor {
    this.backwardParams(dout);
    const dx = dout.reshape(-1, this.params.W.shape[1]!).matmul(this.params.W, { transB: true });
    return dx.reshape(this.inputShape);
  }
}
