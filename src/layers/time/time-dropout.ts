import { ValueError } from '../../errors/index.js';
import { Rng } from '../../random/rng.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkDout, checkTensor, type ForwardOptions } from '../layer.js';

/**
 * TimeDropout: dropout on (N, T, D) sequences, as the book's second volume writes it ("inverted"
 * dropout, unlike the first volume's Dropout): in training each value is kept with probability
 * 1 − ratio and the kept ones are scaled by 1/(1 − ratio), so at test time the layer is the identity.
 * The mask is drawn from the layer's seeded generator, a fresh one each training forward.
 *
 * Backward: dx = dout ⊙ mask in training, dout at test time.
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TimeDropout } from 'scratchnet';
 * const drop = new TimeDropout(0.5, new Rng(0));
 * drop.forward(Tensor.ones([1, 2, 4]), { train: true });  // zeros and 2s
 * drop.forward(Tensor.ones([1, 2, 4]));                   // ones: the identity at test time
 * ```
 */
export class TimeDropout {
  readonly kind = 'TimeDropout';
  readonly params: Record<string, Tensor> = {};
  readonly grads: Record<string, Tensor> = {};
  private mask: Tensor | null = null;
  private out: Tensor | null = null;

  constructor(
    readonly ratio = 0.5,
    readonly rng: Rng = new Rng(0),
  ) {
    if (typeof ratio !== 'number' || !(ratio >= 0 && ratio < 1)) throw new ValueError(`TimeDropout: ratio must be in [0, 1), got ${ratio}`);
    if (!(rng instanceof Rng)) throw new ValueError('TimeDropout: rng must be an Rng');
  }

  /** xs ⊙ mask in training (`{ train: true }`), xs otherwise. */
  forward(xs: Tensor, options: ForwardOptions = {}): Tensor {
    checkTensor('TimeDropout.forward', xs);
    if (options.train ?? false) {
      // keep where u > ratio (the book's np.random.rand(*xs.shape) > ratio), kept values scaled by 1/(1 − ratio)
      this.mask = Tensor.uniform(xs.shape, this.rng, { dtype: xs.dtype }).greater(this.ratio).mul(1 / (1 - this.ratio));
      this.out = xs.mul(this.mask);
    } else {
      this.mask = null;
      this.out = xs;
    }
    return this.out;
  }

  /** train: dx = dout ⊙ mask; test: dx = dout */
  backward(dout: Tensor): Tensor {
    checkDout('TimeDropout', dout, this.out);
    return this.mask === null ? dout : dout.mul(this.mask);
  }
}
