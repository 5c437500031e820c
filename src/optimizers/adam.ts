import type { Tensor } from '../tensor/tensor.js';
import { OptimizerBase, checkHyper, checkLearningRate } from './optimizer.js';

/**
 * Adam in the book's form (lr 0.001, β1 0.9, β2 0.999), bias correction folded into the step size.
 *
 * @example
 * ```ts
 * import { Adam, Tensor } from 'scratchnet';
 * const W = Tensor.from([1], { dtype: 'float64' });
 * new Adam(0.001).update({ W }, { W: Tensor.from([0.5], { dtype: 'float64' }) }); // W ≈ 1 − 0.001
 * ```
 */
export class Adam extends OptimizerBase {
  readonly name = 'adam';

  constructor(readonly lr = 0.001, readonly beta1 = 0.9, readonly beta2 = 0.999) {
    super({ lr: checkLearningRate('Adam', lr), beta1: checkHyper('Adam', 'beta1', beta1, 0, 1, true), beta2: checkHyper('Adam', 'beta2', beta2, 0, 1, true) });
  }

  /** The step size at step t (from 1), the bias correction folded in: lr·√(1 − β2ᵗ)/(1 − β1ᵗ). */
  static stepSize(lr: number, beta1: number, beta2: number, t: number): number {
    return (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
  }

  /**
   * The book's rule as tensor code, at step t: m ← m + (1 − β1)(g − m);  v ← v + (1 − β2)(g² − v);
   * W ← W − lr_t·m/(√v + 1e−7). `update` computes it in place, in one fused pass.
   */
  static rule(W: Tensor, g: Tensor, state: { readonly m: Tensor; readonly v: Tensor }, h: { readonly lr: number; readonly beta1: number; readonly beta2: number; readonly t: number }): { W: Tensor; m: Tensor; v: Tensor } {
    const m = state.m.add(g.sub(state.m).mul(1 - h.beta1));
    const v = state.v.add(g.square().sub(state.v).mul(1 - h.beta2));
    const lrT = Adam.stepSize(h.lr, h.beta1, h.beta2, h.t);
    return { W: W.sub(m.mul(lrT).div(v.sqrt().add(1e-7))), m, v };
  }

  protected updateOne(name: string, p: Tensor, g: Tensor): void {
    const lrT = Adam.stepSize(this.learningRate, this.beta1, this.beta2, this.step);
    const m = this.buffer('m', name, p);
    const v = this.buffer('v', name, p);
    p.kernels.adamStep(p.data, g.data, m, v, lrT, this.beta1, this.beta2, 1e-7);
  }
}
