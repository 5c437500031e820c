import { checkOptions } from './check-options.js';
import { ValueError } from '../errors/index.js';
import { Affine } from '../layers/affine.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer } from '../layers/layer.js';
import { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { activationLayer } from './activation.js';
import { checkActivation, initStd, type Activation, type WeightInit } from './init.js';
import { LayeredModel } from './layered-model.js';
import type { LossName } from './loss.js';

/** Options of {@link MultiLayerNet}. */
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
  /** The output layer and loss (default 'softmax-cross-entropy'; 'mean-squared-error' for regression, 'sigmoid-cross-entropy' for yes/no labels). */
  readonly loss?: LossName;
}

/** Options of {@link MultiLayerNetExtend}: those of MultiLayerNet, and batch normalization and dropout. */
export interface MultiLayerNetExtendOptions extends MultiLayerNetOptions {
  /** BatchNormalization after each hidden Affine (default false). */
  readonly useBatchnorm?: boolean;
  /** Dropout after each hidden activation (default false). */
  readonly useDropout?: boolean;
  readonly dropoutRatio?: number;
}

const MLP_OPTIONS = ['inputSize', 'hiddenSizes', 'outputSize', 'activation', 'weightInit', 'weightDecay', 'seed', 'dtype', 'loss'];
const EXTEND_OPTIONS = [...MLP_OPTIONS, 'useBatchnorm', 'useDropout', 'dropoutRatio'];

/** The settings both networks share, checked, with the book's defaults. */
function mlpSettings(where: string, options: MultiLayerNetOptions) {
  const { inputSize, hiddenSizes, outputSize, weightInit = 'auto', weightDecay = 0, dtype = 'float32' } = options;
  const activation = checkActivation(where, options.activation ?? 'relu');
  const sizes = [inputSize, ...(Array.isArray(hiddenSizes) ? hiddenSizes : [NaN]), outputSize];
  if (!sizes.every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new ValueError(`${where}: inputSize, every hidden size and outputSize must be positive integers, got ${JSON.stringify({ inputSize, hiddenSizes, outputSize })}`);
  }
  return { inputSize, hiddenSizes: [...hiddenSizes], outputSize, activation, weightInit, weightDecay, dtype };
}

/**
 * The book's layer stack: Affine{i} → [BatchNorm{i}] → activation{i} → [Dropout{i}] for each hidden
 * layer, then the last Affine; parameters W{i}, b{i} (and gamma{i}, beta{i} with batch normalization).
 */
function addLayers(
  add: (name: string, layer: Layer, names?: Record<string, string>) => void,
  s: ReturnType<typeof mlpSettings>,
  seed: number,
  extras: { readonly batchNorm: boolean; readonly dropoutRatio: number | null },
): void {
  const rng = new Rng(seed);
  const dropRng = Rng.derive(seed, 1);
  const sizes = [s.inputSize, ...s.hiddenSizes, s.outputSize];
  const L = sizes.length - 1;
  for (let i = 1; i <= L; i++) {
    const [fanIn, fanOut] = [sizes[i - 1]!, sizes[i]!];
    const W = Tensor.randn([fanIn, fanOut], rng, { std: initStd(s.weightInit, fanIn, s.activation), dtype: s.dtype });
    add(`Affine${i}`, new Affine(W, Tensor.zeros([fanOut], { dtype: s.dtype })), { W: `W${i}`, b: `b${i}` });
    if (i === L) break;
    if (extras.batchNorm) {
      const bn = new BatchNormalization(Tensor.ones([fanOut], { dtype: s.dtype }), Tensor.zeros([fanOut], { dtype: s.dtype }));
      add(`BatchNorm${i}`, bn, { gamma: `gamma${i}`, beta: `beta${i}`, running_mean: `running_mean${i}`, running_var: `running_var${i}` });
    }
    const [kind, layer] = activationLayer(s.activation);
    add(`${kind}${i}`, layer);
    if (extras.dropoutRatio !== null) add(`Dropout${i}`, new Dropout(extras.dropoutRatio, dropRng));
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
export class MultiLayerNet extends LayeredModel {
  private readonly settings: ReturnType<typeof mlpSettings> & { loss: LossName };

  constructor(options: MultiLayerNetOptions) {
    checkOptions('MultiLayerNet', options, MLP_OPTIONS);
    const s = mlpSettings('MultiLayerNet', options ?? ({} as MultiLayerNetOptions));
    super([s.inputSize], s.weightDecay, options.loss);
    this.settings = { ...s, loss: this.lossName };
    addLayers((n, l, names) => this.add(n, l, names), s, options.seed ?? 0, { batchNorm: false, dropoutRatio: null });
  }

  config(): Readonly<Record<string, unknown>> {
    return { model: 'mlp', ...this.settings };
  }
}

/**
 * The book's MultiLayerNetExtend: MultiLayerNet with BatchNormalization after each hidden Affine and
 * Dropout after each hidden activation, each optional. Dropout masks come from a generator derived
 * from `seed`.
 *
 * @example
 * ```ts
 * import { MultiLayerNetExtend } from 'scratchnet';
 * const net = new MultiLayerNetExtend({ inputSize: 784, hiddenSizes: [100, 100], outputSize: 10, useBatchnorm: true, useDropout: true, dropoutRatio: 0.2 });
 * Object.keys(net.params); // W1 b1 gamma1 beta1 W2 b2 gamma2 beta2 W3 b3
 * ```
 */
export class MultiLayerNetExtend extends LayeredModel {
  private readonly settings: ReturnType<typeof mlpSettings> & { useBatchnorm: boolean; useDropout: boolean; dropoutRatio: number; loss: LossName };

  constructor(options: MultiLayerNetExtendOptions) {
    checkOptions('MultiLayerNetExtend', options, EXTEND_OPTIONS);
    const s = mlpSettings('MultiLayerNetExtend', options ?? ({} as MultiLayerNetExtendOptions));
    super([s.inputSize], s.weightDecay, options.loss);
    const { useBatchnorm = false, useDropout = false, dropoutRatio = 0.5 } = options;
    this.settings = { ...s, useBatchnorm, useDropout, dropoutRatio, loss: this.lossName };
    addLayers((n, l, names) => this.add(n, l, names), s, options.seed ?? 0, { batchNorm: useBatchnorm, dropoutRatio: useDropout ? dropoutRatio : null });
  }

  config(): Readonly<Record<string, unknown>> {
    return { model: 'mlp-extend', ...this.settings };
  }
}
