import { Tensor } from '../tensor/tensor.js';
import { softmax } from './functions.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer, type TensorRecord } from './layer.js';

/**
 * Softmax over the last axis: yᵢ = e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x).
 * For training a classifier use {@link SoftmaxWithLoss}; this layer is for
 * probabilities at inference (and is differentiable on its own).
 *
 * @example
 * ```ts
 * import { Softmax, Tensor } from 'scratchnet';
 * new Softmax().forward(Tensor.from([[0, 0]])).toArray(); // [[0.5, 0.5]]
 * ```
 */
export class Softmax implements Layer {
  readonly kind = 'Softmax';
  readonly params: TensorRecord = {};
  readonly grads: TensorRecord = {};
  private out: Tensor | null = null;

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    this.out = softmax(checkTensor('Softmax.forward', x));
    return this.out;
  }

  // dx = y ⊙ (dout − Σⱼ doutⱼ·yⱼ), the sum over the last axis (the Jacobian diag(y) − y·yᵀ applied to dout)
  backward(dout: Tensor): Tensor {
    const y = this.out;
    checkDout('Softmax', dout, y);
    return y!.mul(dout.sub(dout.mul(y!).sum(-1, { keepdims: true })));
  }
}
