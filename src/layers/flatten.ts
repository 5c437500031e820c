import { ShapeError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer, type TensorRecord } from './layer.js';

/**
 * Flatten: (N, ...) → (N, D), and back in backward. (Affine flattens by itself;
 * this layer makes the step explicit where a model wants it.)
 *
 * @example
 * ```ts
 * import { Flatten, Tensor } from 'scratchnet';
 * new Flatten().forward(Tensor.zeros([2, 3, 4])).shape; // [2, 12]
 * ```
 */
export class Flatten implements Layer {
  readonly kind = 'Flatten';
  readonly params: TensorRecord = {};
  readonly grads: TensorRecord = {};
  private inputShape: readonly number[] = [];
  private out: Tensor | null = null;

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    checkTensor('Flatten.forward', x);
    if (x.ndim < 1) throw new ShapeError(`Flatten: expected a batch axis, got shape ${fmtShape(x.shape)}`);
    this.inputShape = x.shape;
    this.out = x.reshape(x.shape[0]!, x.shape.slice(1).reduce((a, b) => a * b, 1));
    return this.out;
  }

  // dx = dout reshaped to the input's shape
  backward(dout: Tensor): Tensor {
    checkDout('Flatten', dout, this.out);
    return dout.reshape(this.inputShape);
  }
}
