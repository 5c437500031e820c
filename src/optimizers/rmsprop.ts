import type { Tensor } from '../tensor/tensor.js';
import { OptimizerBase, checkHyper, checkLearningRate } from './optimizer.js';

/**
 * RMSprop (book defaults lr 0.01, decay rate 0.99): AdaGrad with a forgetting average.
 *
 * @example
 * ```ts
 * import { RMSprop, Tensor } from 'scratchnet';
 * const W = Tensor.from([1], { dtype: 'float64' });
 * new RMSprop(0.1, 0.99).update({ W }, { W: Tensor.from([2], { dtype: 'float64' }) }); // h = 0.04, W = 1 − 0.2/(0.2 + 1e−7)
 * ```
 */
export class RMSprop extends OptimizerBase {
  readonly name = 'rmsprop';

  constructor(readonly lr = 0.01, readonly decayRate = 0.99) {
    super({ lr: checkLearningRate('RMSprop', lr), decayRate: checkHyper('RMSprop', 'decayRate', decayRate, 0, 1, true) });
  }

  /** The book's rule as tensor code: h ← ρ·h + (1 − ρ)·g²;  W ← W − lr·g/(√h + 1e−7). `update` computes it in place, in one fused pass. */
  static rule(W: Tensor, g: Tensor, state: { readonly h: Tensor }, lr: number, decayRate: number): { W: Tensor; h: Tensor } {
    const h = state.h.mul(decayRate).add(g.square().mul(1 - decayRate));
    return { W: W.sub(g.mul(lr).div(h.sqrt().add(1e-7))), h };
  }

  protected updateOne(name: string, p: Tensor, g: Tensor): void {
    const h = this.buffer('h', name, p);
    p.kernels.rmspropStep(p.data, g.data, h, this.learningRate, this.decayRate, 1 - this.decayRate, 1e-7);
  }
}
