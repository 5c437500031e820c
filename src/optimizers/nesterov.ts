import type { Tensor } from '../tensor/tensor.js';
import { OptimizerBase, checkHyper, checkLearningRate } from './optimizer.js';

/**
 * Nesterov's accelerated gradient in the book's form (lr 0.01, momentum 0.9).
 *
 * @example
 * ```ts
 * import { Nesterov, Tensor } from 'scratchnet';
 * const W = Tensor.from([1]);
 * new Nesterov(0.1, 0.9).update({ W }, { W: Tensor.from([1]) }); // W = 1 − 0.081 − 0.19 = 0.729
 * ```
 */
export class Nesterov extends OptimizerBase {
  readonly name = 'nesterov';

  constructor(readonly lr = 0.01, readonly momentum = 0.9) {
    super({ lr: checkLearningRate('Nesterov', lr), momentum: checkHyper('Nesterov', 'momentum', momentum, 0, 1, true) });
  }

  /**
   * The book's rule as tensor code: v ← α·v − lr·g;  W ← W + α²·v − (1 + α)·lr·g.
   * `update` computes it in place, in one fused pass.
   */
  static rule(W: Tensor, g: Tensor, state: { readonly v: Tensor }, lr: number, momentum: number): { W: Tensor; v: Tensor } {
    const v = state.v.mul(momentum).sub(g.mul(lr));
    return { W: W.add(v.mul(momentum * momentum)).sub(g.mul((1 + momentum) * lr)), v };
  }

  protected updateOne(name: string, p: Tensor, g: Tensor): void {
    const v = this.buffer('v', name, p);
    p.kernels.nesterovStep(p.data, g.data, v, this.learningRate, this.momentum);
  }
}
