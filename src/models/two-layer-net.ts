import { checkOptions } from './check-options.js';
import { ValueError } from '../errors/index.js';
import { Affine } from '../layers/affine.js';
import { Relu } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { LayeredModel } from './layered-model.js';
import type { LossName } from './loss.js';

/** Options of {@link TwoLayerNet}. */
export interface TwoLayerNetOptions {
  /** Standard deviation of the initial weights (default 0.01, as the book). */
  readonly weightInitStd?: number;
  /** Hidden activation (default 'relu'). */
  readonly activation?: 'relu' | 'sigmoid';
  /** Seed for the initial weights (default 0). */
  readonly seed?: number;
  readonly dtype?: DType;
  /** The output layer and loss (default 'softmax-cross-entropy'; 'mean-squared-error' for regression, 'sigmoid-cross-entropy' for yes/no labels). */
  readonly loss?: LossName;
}

/**
 * The book's chapter-5 network: Affine1 → Relu1 (or Sigmoid1) → Affine2, with
 * SoftmaxWithLoss as the last layer (or the output layer of `loss`). Parameters `W1` (input, hidden), `b1`,
 * `W2` (hidden, output), `b2`. `predict`, `loss`, `accuracy`, `gradient` (one
 * forward, then backward through the layers in reverse) and
 * `numericalGradient` come from {@link LayeredModel}.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, Tensor, Rng } from 'scratchnet';
 * const net = new TwoLayerNet(784, 50, 10, { seed: 1 });
 * const x = Tensor.randn([3, 784], new Rng(2));
 * const t = [7, 2, 1];
 * const grads = net.gradient(x, t);          // { W1, b1, W2, b2 }
 * for (const k of Object.keys(grads)) net.params[k]!.assign(net.params[k]!.sub(grads[k]!.mul(0.1)));
 * console.log(net.loss(x, t), net.accuracy(x, t));
 * ```
 */
export class TwoLayerNet extends LayeredModel {
  private readonly settings: Required<Omit<TwoLayerNetOptions, 'seed'>> & { inputSize: number; hiddenSize: number; outputSize: number };

  constructor(inputSize: number, hiddenSize: number, outputSize: number, options: TwoLayerNetOptions = {}) {
    super([inputSize], 0, options?.loss);
    checkOptions('TwoLayerNet', options, ['weightInitStd', 'activation', 'seed', 'dtype', 'loss']);
    const { weightInitStd = 0.01, activation = 'relu', seed = 0, dtype = 'float32' } = options;
    for (const [name, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['outputSize', outputSize]] as const) {
      if (!Number.isSafeInteger(v) || v <= 0) throw new ValueError(`TwoLayerNet: ${name} must be a positive integer, got ${v}`);
    }
    if (!Number.isFinite(weightInitStd) || weightInitStd < 0) throw new ValueError(`TwoLayerNet: weightInitStd must be a finite number ≥ 0, got ${weightInitStd}`);
    if (activation !== 'relu' && activation !== 'sigmoid') {
      throw new ValueError(`TwoLayerNet: activation must be 'relu' or 'sigmoid', got ${JSON.stringify(activation)}`);
    }
    this.settings = { inputSize, hiddenSize, outputSize, weightInitStd, activation, dtype, loss: this.lossName };
    const rng = new Rng(seed);
    // W1 ~ std·N(0, 1) of (input, hidden), b1 = 0, W2 ~ std·N(0, 1) of (hidden, output), b2 = 0
    const W1 = Tensor.randn([inputSize, hiddenSize], rng, { std: weightInitStd, dtype });
    const W2 = Tensor.randn([hiddenSize, outputSize], rng, { std: weightInitStd, dtype });
    this.add('Affine1', new Affine(W1, Tensor.zeros([hiddenSize], { dtype })), { W: 'W1', b: 'b1' });
    if (activation === 'relu') this.add('Relu1', new Relu());
    else this.add('Sigmoid1', new Sigmoid());
    this.add('Affine2', new Affine(W2, Tensor.zeros([outputSize], { dtype })), { W: 'W2', b: 'b2' });
  }

  config(): Readonly<Record<string, unknown>> {
    return { model: 'two-layer', ...this.settings };
  }
}
