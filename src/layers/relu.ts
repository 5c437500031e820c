import { Tensor } from '../tensor/tensor.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer, type TensorRecord } from './layer.js';

/**
 * Relu: y = max(0, x).
 *
 * @example
 * ```ts
 * import { Relu, Tensor } from 'scratchnet';
 * const relu = new Relu();
 * relu.forward(Tensor.from([-2, 0, 3])).toArray();       // [0, 0, 3]
 * relu.backward(Tensor.from([1, 1, 1])).toArray();       // [0, 0, 1]
 * ```
 */
export class Relu implements Layer {
  readonly kind = 'Relu';
  readonly params: TensorRecord = {};
  readonly grads: TensorRecord = {};
  /** y = max(x, 0): backward's switch is y > 0, which is exactly x > 0 (NaN fails both). */
  private out: Tensor | null = null;

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    checkTensor('Relu.forward', x);
    this.out = x.relu();
    return this.out;
  }

  // dx = dout where x > 0, else 0 (the kink x = 0 gets 0). The book keeps a mask x <= 0 from forward;
  // here the cached output y = max(x, 0) is the mask (y > 0 exactly where x > 0), read in the same
  // pass that makes dx, so forward in eval mode (no backward to come) does no extra work.
  backward(dout: Tensor): Tensor {
    checkDout('Relu', dout, this.out);
    return dout.onlyWherePositive(this.out!);
  }
}
