import { checkOptions } from './check-options.js';
import { ValueError } from '../errors/index.js';
import { Affine } from '../layers/affine.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dropout } from '../layers/dropout.js';
import { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { activationLayer } from './activation.js';
import { checkActivation, initStd, type Activation, type WeightInit } from './init.js';
import { LayeredModel } from './layered-model.js';

export interface MultiLayerNetOptions {
  readonly inputSize: number;
  /** Units of each hidden layer, e.g. [100, 100, 100, 100, 100]. */
  readonly hiddenSizes: readonly number[];
  readonly outputSize: number;
  /** Hidden activation (default 'relu'). */
  readonly activation?: Activation;
  /** Initial weight scale (default 'auto': He for ReLU, Xavier for sigmoid/tanh). */
  readonly weightInit?: WeightInit;
  /** L2 weight decay λ (default 0). */
  readonly weightDecay?: number;
  readonly seed?: number;
  readonly dtype?: DType;
}

export interface MultiLayerNetExtendOptions extends MultiLayerNetOptions {
  /** BatchNormalization after each hidden Affine (default false). */
  readonly useBatchnorm?: boolean;
  /** Dropout after each hidden activation (default false). */
  readonly useDropout?: boolean;
  readonly dropoutRatio?: number;
}

/**
 * The book's MultiLayerNetExtend: Affine{i} → [BatchNorm{i}] → activation{i} → [Dropout{i}]
 * for each hidden layer, then the last Affine. Parameters W1, b1, ..., and
 * gamma{i}, beta{i} with batch normalization. Dropout masks come from a
 * generator derived from `seed`.
 *
 * @example
 * ```ts
 * import { MultiLayerNetExtend } from 'scratchnet';
 * const net = new MultiLayerNetExtend({ inputSize: 784, hiddenSizes: [100, 100], outputSize: 10, useBatchnorm: true, useDropout: true, dropoutRatio: 0.2 });
 * Object.keys(net.params); // W1 b1 gamma1 beta1 W2 b2 gamma2 beta2 W3 b3
 * ```
 */
export class MultiLayerNetExtend extends LayeredModel {
  protected readonly settings: Record<string, unknown>;

  constructor(given: MultiLayerNetExtendOptions, modelName = 'mlp-extend') {
    super([given?.inputSize], given?.weightDecay ?? 0);
    const where = modelName === 'mlp' ? 'MultiLayerNet' : 'MultiLayerNetExtend';
    checkOptions(where, given, [...MLP_OPTIONS, 'useBatchnorm', 'useDropout', 'dropoutRatio']);
    const options: MultiLayerNetExtendOptions = given ?? {};
    const { inputSize, hiddenSizes, outputSize, weightInit = 'auto', weightDecay = 0, seed = 0, dtype = 'float32' } = options;
    const activation = checkActivation(where, options.activation ?? 'relu');
    const { useBatchnorm = false, useDropout = false, dropoutRatio = 0.5 } = options;
    const sizes = [inputSize, ...(Array.isArray(hiddenSizes) ? hiddenSizes : [NaN]), outputSize];
    if (!sizes.every((n) => Number.isSafeInteger(n) && n > 0)) {
      throw new ValueError(`${where}: inputSize, every hidden size and outputSize must be positive integers, got ${JSON.stringify({ inputSize, hiddenSizes, outputSize })}`);
    }
    this.settings = { model: modelName, inputSize, hiddenSizes: [...hiddenSizes], outputSize, activation, weightInit, weightDecay, dtype, ...(modelName === 'mlp' ? {} : { useBatchnorm, useDropout, dropoutRatio }) };
    const rng = new Rng(seed);
    const dropRng = Rng.derive(seed, 1);
    const L = sizes.length - 1;
    for (let i = 1; i <= L; i++) {
      const [fanIn, fanOut] = [sizes[i - 1]!, sizes[i]!];
      const W = Tensor.randn([fanIn, fanOut], rng, { std: initStd(weightInit, fanIn, activation), dtype });
      this.add(`Affine${i}`, new Affine(W, Tensor.zeros([fanOut], { dtype })), { W: `W${i}`, b: `b${i}` });
      if (i === L) break;
      if (useBatchnorm) {
        this.add(`BatchNorm${i}`, new BatchNormalization(Tensor.ones([fanOut], { dtype }), Tensor.zeros([fanOut], { dtype })), { gamma: `gamma${i}`, beta: `beta${i}` });
      }
      const [kind, layer] = activationLayer(activation);
      this.add(`${kind}${i}`, layer);
      if (useDropout) this.add(`Dropout${i}`, new Dropout(dropoutRatio, dropRng));
    }
  }

  config(): Readonly<Record<string, unknown>> {
    return this.settings;
  }
}

/**
 * The book's MultiLayerNet: fully connected layers with ReLU (or sigmoid/tanh),
 * 'auto' initialization and optional L2 weight decay.
 *
 * @example
 * ```ts
 * import { MultiLayerNet } from 'scratchnet';
 * const net = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit: 'he', weightDecay: 0.1 });
 * ```
 */
export class MultiLayerNet extends MultiLayerNetExtend {
  constructor(options: MultiLayerNetOptions) {
    checkOptions('MultiLayerNet', options, MLP_OPTIONS); // batch norm and dropout would be refused by name here
    super({ ...options, useBatchnorm: false, useDropout: false }, 'mlp');
  }
}

/** The options of MultiLayerNet (MultiLayerNetExtend adds useBatchnorm, useDropout and dropoutRatio). */
const MLP_OPTIONS = ['inputSize', 'hiddenSizes', 'outputSize', 'activation', 'weightInit', 'weightDecay', 'seed', 'dtype'];
