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

  // v ← α·v − lr·g;  W ← W + α²·v − (1 + α)·lr·g
  protected updateOne(name: string, p: Tensor, g: Tensor): void {
    const a = this.momentum;
    const v = this.buffer('v', name, p);
    p.kernels.nesterovStep(p.data, g.data, v, this.lr, a);
  }
}
