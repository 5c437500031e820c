import { checkOptions } from './check-options.js';
import { ShapeError, ValueError } from '../errors/index.js';
import { Affine } from '../layers/affine.js';
import { Convolution } from '../layers/convolution.js';
import { Pooling } from '../layers/pooling.js';
import { Relu } from '../layers/relu.js';
import { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { initStd, type WeightInit } from './init.js';
import { LayeredModel } from './layered-model.js';
import type { LossName } from './loss.js';

/** Options of {@link SimpleConvNet}; the defaults are the book's. */
export interface SimpleConvNetOptions {
  /** One sample's shape (C, H, W); default [1, 28, 28]. */
  readonly inputDim?: readonly [number, number, number];
  readonly filterNum?: number;
  readonly filterSize?: number;
  readonly pad?: number;
  readonly stride?: number;
  readonly hiddenSize?: number;
  readonly outputSize?: number;
  /** Initial weight scale (default 0.01, as the book). */
  readonly weightInit?: WeightInit;
  readonly seed?: number;
  readonly dtype?: DType;
  /** The output layer and loss (default 'softmax-cross-entropy'; 'mean-squared-error' for regression, 'sigmoid-cross-entropy' for yes/no labels). */
  readonly loss?: LossName;
}

/**
 * The book's SimpleConvNet: Conv1 (30 filters 5×5, pad 0, stride 1) → Relu1 →
 * Pool1 (max 2×2, stride 2) → Affine1 (100) → Relu2 → Affine2 (10).
 * Parameters W1 (30, 1, 5, 5), b1, W2 (4320, 100), b2, W3 (100, 10), b3.
 *
 * @example
 * ```ts
 * import { SimpleConvNet, Tensor, Rng } from 'scratchnet';
 * const net = new SimpleConvNet();
 * net.predict(Tensor.randn([2, 1, 28, 28], new Rng(0))).shape; // [2, 10]
 * ```
 */
export class SimpleConvNet extends LayeredModel {
  private readonly settings: Record<string, unknown>;

  constructor(options: SimpleConvNetOptions = {}) {
    checkOptions('SimpleConvNet', options, ['inputDim', 'filterNum', 'filterSize', 'pad', 'stride', 'hiddenSize', 'outputSize', 'weightInit', 'seed', 'dtype', 'loss']);
    const { inputDim = [1, 28, 28], filterNum = 30, filterSize = 5, pad = 0, stride = 1, hiddenSize = 100, outputSize = 10, weightInit = 0.01, seed = 0, dtype = 'float32' } = options;
    super(inputDim, 0, options.loss);
    const nums = { filterNum, filterSize, hiddenSize, outputSize, C: inputDim[0], H: inputDim[1], W: inputDim[2] };
    for (const [k, v] of Object.entries(nums)) if (!Number.isSafeInteger(v) || v <= 0) throw new ValueError(`SimpleConvNet: ${k} must be a positive integer, got ${v}`);
    this.settings = { model: 'simple-conv', inputDim: [...inputDim], filterNum, filterSize, pad, stride, hiddenSize, outputSize, weightInit, dtype, loss: this.lossName };
    const [C, H] = inputDim;
    const convOut = (H + 2 * pad - filterSize) / stride + 1;
    if (!Number.isInteger(convOut) || convOut < 2 || convOut % 2 !== 0) {
      throw new ShapeError(`SimpleConvNet: the convolution output size (${H} + 2·${pad} − ${filterSize})/${stride} + 1 = ${convOut} must be an even whole number for the 2×2 pooling`);
    }
    const poolOut = filterNum * (convOut / 2) * (convOut / 2);
    const rng = new Rng(seed);
    const w = (shape: number[], fanIn: number) => Tensor.randn(shape, rng, { std: initStd(weightInit, fanIn, 'relu'), dtype });
    const zeros = (n: number) => Tensor.zeros([n], { dtype });
    this.add('Conv1', new Convolution(w([filterNum, C, filterSize, filterSize], C * filterSize * filterSize), zeros(filterNum), stride, pad), { W: 'W1', b: 'b1' });
    this.add('Relu1', new Relu());
    this.add('Pool1', new Pooling(2, 2, 2));
    this.add('Affine1', new Affine(w([poolOut, hiddenSize], poolOut), zeros(hiddenSize)), { W: 'W2', b: 'b2' });
    this.add('Relu2', new Relu());
    this.add('Affine2', new Affine(w([hiddenSize, outputSize], hiddenSize), zeros(outputSize)), { W: 'W3', b: 'b3' });
  }

  config(): Readonly<Record<string, unknown>> {
    return this.settings;
  }
}
