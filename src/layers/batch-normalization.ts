import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer } from './layer.js';

/** The small constant under the square root (the book's 10e-7). */
export const BN_EPSILON = 1e-6;

/**
 * Batch normalization. On (N, D) input (after Affine) it normalizes each
 * feature over the batch; on (N, C, H, W) input (after Convolution) it
 * normalizes each **channel** over N·H·W, with gamma and beta of shape (C), as
 * PyTorch's BatchNorm2d and ONNX do. (The book flattens 4-D input to (N, C·H·W)
 * and normalizes per activation; per channel is the common choice and what
 * ONNX can express.) Train mode uses the batch statistics and updates the
 * running averages with `momentum`; eval mode uses the running averages.
 *
 * @example
 * ```ts
 * import { BatchNormalization, Tensor } from 'scratchnet';
 * const bn = new BatchNormalization(Tensor.ones([3]), Tensor.zeros([3]));
 * const y = bn.forward(Tensor.from([[1, 2, 3], [3, 6, 9]]), { train: true }); // [[-1, -1, -1], [1, 1, 1]] (about)
 * ```
 */
export class BatchNormalization implements Layer {
  readonly kind = 'BatchNormalization';
  readonly params: { readonly gamma: Tensor; readonly beta: Tensor };
  /** ∂L/∂γ and ∂L/∂β of the last backward: the same two tensors for the layer's life, overwritten in place. */
  readonly grads: { readonly gamma: Tensor; readonly beta: Tensor };
  /** Running averages used in eval mode (not trained; saved with the model). */
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  readonly buffers: { readonly running_mean: Tensor; readonly running_var: Tensor };
  private cache: { xc: Tensor; std: Tensor; xn: Tensor; shape: readonly number[] } | null = null;
  private out: Tensor | null = null;
  private train = false;

  constructor(gamma: Tensor, beta: Tensor, readonly momentum = 0.9) {
    checkTensor('BatchNormalization', gamma, 'gamma');
    checkTensor('BatchNormalization', beta, 'beta');
    if (gamma.ndim !== 1 || beta.ndim !== 1 || gamma.shape[0] !== beta.shape[0]) {
      throw new ShapeError(`BatchNormalization: gamma and beta must be vectors of one length, got ${fmtShape(gamma.shape)} and ${fmtShape(beta.shape)}`);
    }
    if (gamma.dtype !== beta.dtype) throw new DTypeError(`BatchNormalization: gamma is ${gamma.dtype} but beta is ${beta.dtype}`);
    if (!(momentum >= 0 && momentum <= 1)) throw new ValueError(`BatchNormalization: momentum must be in [0, 1], got ${momentum}`);
    this.params = { gamma, beta };
    this.grads = { gamma: Tensor.zeros(gamma.shape, { dtype: gamma.dtype }), beta: Tensor.zeros(beta.shape, { dtype: beta.dtype }) };
    this.runningMean = Tensor.zeros(gamma.shape, { dtype: gamma.dtype });
    this.runningVar = Tensor.zeros(gamma.shape, { dtype: gamma.dtype });
    this.buffers = { running_mean: this.runningMean, running_var: this.runningVar };
  }

  /** (N, D) rows to normalize: per feature for 2-D input, per channel (N·H·W rows of C) for 4-D. */
  private rows(x: Tensor): Tensor {
    const D = this.params.gamma.shape[0]!;
    const features = x.ndim === 2 ? x.shape[1] : x.ndim === 4 ? x.shape[1] : undefined;
    if (features !== D) {
      throw new ShapeError(`BatchNormalization: expected (N, ${D}) or (N, ${D}, H, W) input, got ${fmtShape(x.shape)}`);
    }
    return x.ndim === 2 ? x : x.permute(0, 2, 3, 1).reshape(-1, D);
  }

  private unrows(y: Tensor, shape: readonly number[]): Tensor {
    if (shape.length === 2) return y;
    const [N, C, H, W] = shape as [number, number, number, number];
    return y.reshape(N, H, W, C).permute(0, 3, 1, 2);
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    checkTensor('BatchNormalization.forward', x);
    if (x.dtype !== this.params.gamma.dtype) throw new DTypeError(`BatchNormalization: input is ${x.dtype} but gamma is ${this.params.gamma.dtype}`);
    this.train = options.train ?? false;
    const r = this.rows(x);
    let xn: Tensor;
    if (this.train) {
      // μ = mean over the batch, xc = x − μ, σ² = mean(xc²), xn = xc/√(σ² + ε)
      const mu = r.mean(0);
      const xc = r.sub(mu);
      const variance = xc.square().mean(0);
      const std = variance.add(BN_EPSILON).sqrt();
      xn = xc.div(std);
      this.cache = { xc, std, xn, shape: x.shape };
      const m = this.momentum;
      this.runningMean.assign(this.runningMean.mul(m).add(mu.mul(1 - m)));
      this.runningVar.assign(this.runningVar.mul(m).add(variance.mul(1 - m)));
    } else {
      xn = r.sub(this.runningMean).div(this.runningVar.add(BN_EPSILON).sqrt());
      this.cache = { xc: r, std: this.runningVar.add(BN_EPSILON).sqrt(), xn, shape: x.shape };
    }
    this.out = this.unrows(xn.mul(this.params.gamma).add(this.params.beta), x.shape);
    return this.out;
  }

  // dβ = Σ dout, dγ = Σ xn·dout; dxn = γ·dout, dxc = dxn/σ + (2/N)·xc·dvar with dvar = −½·Σ(dxn·xc)/σ³, dx = dxc − mean(dxc)
  backward(dout: Tensor): Tensor {
    checkDout('BatchNormalization', dout, this.out);
    const { xc, std, xn, shape } = this.cache!;
    const d = this.rows(dout);
    const N = d.shape[0]!;
    xn.mul(d).sum(0, { out: this.grads.gamma });
    d.sum(0, { out: this.grads.beta });
    const dxn = d.mul(this.params.gamma);
    if (!this.train) return this.unrows(dxn.div(std), shape); // eval: a fixed affine map
    let dxc = dxn.div(std);
    const dstd = dxn.mul(xc).div(std.square()).sum(0).neg();
    const dvar = dstd.mul(0.5).div(std);
    dxc = dxc.add(xc.mul(dvar).mul(2 / N));
    const dmu = dxc.sum(0);
    return this.unrows(dxc.sub(dmu.div(N)), shape);
  }
}
