import { Tensor } from '../tensor/tensor.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer, type TensorRecord } from './layer.js';

/**
 * Sigmoid: y = 1/(1 + e^(−x)), computed without overflow for any |x|.
 * It caches only its output y: the chained backward of the graph
 * x → ×(−1) → exp → +1 → 1/x simplifies to dout·y·(1 − y).
 *
 * @example
 * ```ts
 * import { Sigmoid, Tensor } from 'scratchnet';
 * const s = new Sigmoid();
 * s.forward(Tensor.from([0])).toArray();  // [0.5]
 * s.backward(Tensor.from([1])).toArray(); // [0.25]
 * ```
 */
export class Sigmoid implements Layer {
  readonly kind = 'Sigmoid';
  readonly params: TensorRecord = {};
  readonly grads: TensorRecord = {};
  private out: Tensor | null = null;

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    this.out = checkTensor('Sigmoid.forward', x).sigmoid();
    return this.out;
  }

  // dx = dout·y·(1 − y)
  backward(dout: Tensor): Tensor {
    const y = this.out;
    checkDout('Sigmoid', dout, y);
    return dout.mul(y!).mul(y!.rsub(1));
  }
}
