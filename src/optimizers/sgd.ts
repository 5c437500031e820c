import { ValueError } from '../errors/index.js';
import type { TensorRecord } from '../layers/layer.js';
import { checkGrads, checkLearningRate, type Optimizer, type OptimizerState } from './optimizer.js';

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
export class SGD implements Optimizer {
  readonly name = 'sgd';
  private step = 0;
  readonly lr: number;

  constructor(lr = 0.01) {
    this.lr = checkLearningRate('SGD', lr);
  }

  update(params: Readonly<TensorRecord>, grads: Readonly<TensorRecord>): void {
    checkGrads('SGD', params, grads);
    for (const [name, p] of Object.entries(params)) p.kernels.axpy(-this.lr, grads[name]!.data, p.data);
    this.step++;
  }

  state(): OptimizerState {
    return { name: this.name, hyper: { lr: this.lr }, step: this.step, buffers: {} };
  }

  loadState(state: OptimizerState): void {
    if (state?.name !== this.name) throw new ValueError(`SGD.loadState: the state is for '${state?.name}', not 'sgd'`);
    if (state.hyper.lr !== this.lr) throw new ValueError(`SGD.loadState: the state has lr ${state.hyper.lr}, this optimizer ${this.lr}`);
    this.step = state.step;
  }
}
