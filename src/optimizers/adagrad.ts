import type { Tensor } from '../tensor/tensor.js';
import { OptimizerBase, checkLearningRate } from './optimizer.js';

/**
 * AdaGrad (book default lr 0.01): each weight's step shrinks with its squared-gradient history.
 *
 * @example
 * ```ts
 * import { AdaGrad, Tensor } from 'scratchnet';
 * const W = Tensor.from([1], { dtype: 'float64' });
 * new AdaGrad(0.1).update({ W }, { W: Tensor.from([2], { dtype: 'float64' }) }); // W = 1 − 0.1·2/(2 + 1e−7)
 * ```
 */
export class AdaGrad extends OptimizerBase {
  readonly name = 'adagrad';

  constructor(readonly lr = 0.01) {
    super({ lr: checkLearningRate('AdaGrad', lr) });
  }

  /** The book's rule as tensor code: h ← h + g²;  W ← W − lr·g/(√h + 1e−7). `update` computes it in place, in one fused pass. */
  static rule(W: Tensor, g: Tensor, state: { readonly h: Tensor }, lr: number): { W: Tensor; h: Tensor } {
    const h = state.h.add(g.square());
    return { W: W.sub(g.mul(lr).div(h.sqrt().add(1e-7))), h };
  }

  // RMSprop's fused step with ρ = 1 and a gain of 1 is AdaGrad's
  protected updateOne(name: string, p: Tensor, g: Tensor): void {
    const h = this.buffer('h', name, p);
    p.kernels.rmspropStep(p.data, g.data, h, this.learningRate, 1, 1, 1e-7);
  }
}
