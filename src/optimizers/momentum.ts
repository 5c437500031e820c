import type { Tensor } from '../tensor/tensor.js';
import { OptimizerBase, checkHyper, checkLearningRate } from './optimizer.js';

/**
 * Momentum SGD (book defaults lr 0.01, momentum 0.9).
 *
 * @example
 * ```ts
 * import { Momentum, Tensor } from 'scratchnet';
 * const W = Tensor.from([1, 2]);
 * new Momentum(0.1, 0.9).update({ W }, { W: Tensor.from([1, 1]) }); // W = [0.9, 1.9]
 * ```
 */
export class Momentum extends OptimizerBase {
  readonly name = 'momentum';

  constructor(readonly lr = 0.01, readonly momentum = 0.9) {
    super({ lr: checkLearningRate('Momentum', lr), momentum: checkHyper('Momentum', 'momentum', momentum, 0, 1, true) });
  }

  /** The book's rule as tensor code: v ← α·v − lr·g;  W ← W + v. `update` computes it in place, in one fused pass. */
  static rule(W: Tensor, g: Tensor, state: { readonly v: Tensor }, lr: number, momentum: number): { W: Tensor; v: Tensor } {
    const v = state.v.mul(momentum).sub(g.mul(lr));
    return { W: W.add(v), v };
  }

  protected updateOne(name: string, p: Tensor, g: Tensor): void {
    const v = this.buffer('v', name, p);
    p.kernels.momentumStep(p.data, g.data, v, this.learningRate, this.momentum);
  }
}
