import { ValueError } from '../errors/index.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer, type TensorRecord } from './layer.js';

/**
 * Dropout with the book's convention: in train mode each value is kept with
 * probability 1 − ratio (mask from the seeded generator) and is **not** scaled;
 * in eval mode every value is multiplied by (1 − ratio), the expected mask.
 * (PyTorch's "inverted" dropout scales by 1/(1 − ratio) in training instead;
 * the two give the same expected outputs. ONNX export follows this convention.)
 *
 * @example
 * ```ts
 * import { Dropout, Rng, Tensor } from 'scratchnet';
 * const drop = new Dropout(0.5, new Rng(0));
 * drop.forward(Tensor.ones([2, 4]), { train: true });  // about half zeros
 * drop.forward(Tensor.ones([2, 4]), { train: false }); // all 0.5
 * ```
 */
export class Dropout implements Layer {
  readonly kind = 'Dropout';
  readonly params: TensorRecord = {};
  readonly grads: TensorRecord = {};
  private mask: Tensor | null = null;
  private out: Tensor | null = null;
  private train = false;

  constructor(readonly ratio = 0.5, readonly rng: Rng = new Rng(0)) {
    if (typeof ratio !== 'number' || !(ratio >= 0 && ratio < 1)) throw new ValueError(`Dropout: ratio must be in [0, 1), got ${ratio}`);
    if (!(rng instanceof Rng)) throw new ValueError('Dropout: rng must be an Rng');
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    checkTensor('Dropout.forward', x);
    this.train = options.train ?? false;
    if (this.train) {
      // keep where u > ratio, u uniform in [0, 1): the book's np.random.rand(*x.shape) > ratio
      this.mask = Tensor.uniform(x.shape, this.rng, { dtype: x.dtype }).greater(this.ratio);
      this.out = x.mul(this.mask);
    } else {
      this.out = x.mul(1 - this.ratio);
    }
    return this.out;
  }

  // train: dx = dout·mask; eval: dx = dout·(1 − ratio)
  backward(dout: Tensor): Tensor {
    checkDout('Dropout', dout, this.out);
    return this.train ? dout.mul(this.mask!) : dout.mul(1 - this.ratio);
  }
}
