import type { Tensor } from '../tensor/tensor.js';
import { OptimizerBase, checkLearningRate } from './optimizer.js';

/**
 * Stochastic gradient descent: W ← W − lr·∂L/∂W.
 *
 * @example
 * ```ts
 * import { SGD, TwoLayerNet, Tensor, Rng } from 'scratchnet';
 * const net = new TwoLayerNet(4, 3, 2);
 * const sgd = new SGD(0.1);
 * sgd.update(net.params, net.gradient(Tensor.randn([5, 4], new Rng(0)), [0, 1, 0, 1, 1]));
 * ```
 */
export class SGD extends OptimizerBase {
  readonly name = 'sgd';

  constructor(readonly lr = 0.01) {
    super({ lr: checkLearningRate('SGD', lr) });
  }

  /** The book's rule as tensor code: W ← W − lr·g. `update` computes it in place, in one fused pass. */
  static rule(W: Tensor, g: Tensor, lr: number): Tensor {
    return W.sub(g.mul(lr));
  }

  protected updateOne(_name: string, p: Tensor, g: Tensor): void {
    p.kernels.axpy(-this.learningRate, g.data, p.data);
  }
}
