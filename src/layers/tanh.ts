import { Tensor } from '../tensor/tensor.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer, type TensorRecord } from './layer.js';

/**
 * Tanh: y = tanh(x). Like Sigmoid, it keeps only its output for backward.
 *
 * @example
 * ```ts
 * import { Tanh, Tensor } from 'scratchnet';
 * const t = new Tanh();
 * t.forward(Tensor.from([0]));  // [0]
 * t.backward(Tensor.from([2])); // [2]: dout·(1 − y²)
 * ```
 */
export class Tanh implements Layer {
  readonly kind = 'Tanh';
  readonly params: TensorRecord = {};
  readonly grads: TensorRecord = {};
  private out: Tensor | null = null;

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    this.out = checkTensor('Tanh.forward', x).tanh();
    return this.out;
  }

  // dx = dout·(1 − y²)
  backward(dout: Tensor): Tensor {
    checkDout('Tanh', dout, this.out);
    return dout.mul(this.out!.square().rsub(1));
  }
}
