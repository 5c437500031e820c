import { checkOptions } from './check-options.js';
import { Affine } from '../layers/affine.js';
import { Convolution } from '../layers/convolution.js';
import { Dropout } from '../layers/dropout.js';
import { Pooling } from '../layers/pooling.js';
import { Relu } from '../layers/relu.js';
import { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { initStd } from './init.js';
import { LayeredModel } from './layered-model.js';
import type { LossName } from './loss.js';

/** Options of {@link DeepConvNet}. */
export interface DeepConvNetOptions {
  readonly hiddenSize?: number;
  readonly outputSize?: number;
  readonly dropoutRatio?: number;
  readonly seed?: number;
  readonly dtype?: DType;
  /** The output layer and loss (default 'softmax-cross-entropy'; 'mean-squared-error' for regression, 'sigmoid-cross-entropy' for yes/no labels). */
  readonly loss?: LossName;
}

/** The book's six 3×3 convolutions: filters, pad (stride 1 throughout). */
const CONVS: readonly (readonly [number, number])[] = [[16, 1], [16, 1], [32, 1], [32, 2], [64, 1], [64, 1]];

/**
 * The book's chapter-8 network for 1×28×28 input:
 * conv-relu-conv-relu-pool (16 filters), conv-relu-conv-relu-pool (32; the
 * second with pad 2), conv-relu-conv-relu-pool (64), Affine 50, Relu, Dropout,
 * Affine 10, Dropout (ratio 0.5), all with He initialization. Parameters W1 ..
 * W8 and b1 .. b8 with the book's shapes (W7 is (64·4·4, 50)).
 *
 * @example
 * ```ts
 * import { DeepConvNet } from 'scratchnet';
 * const net = new DeepConvNet();
 * net.params.W4.shape; // [32, 32, 3, 3]
 * ```
 */
export class DeepConvNet extends LayeredModel {
  private readonly settings: Record<string, unknown>;

  constructor(options: DeepConvNetOptions = {}) {
    super([1, 28, 28], 0, options?.loss);
    checkOptions('DeepConvNet', options, ['hiddenSize', 'outputSize', 'dropoutRatio', 'seed', 'dtype', 'loss']);
    const { hiddenSize = 50, outputSize = 10, dropoutRatio = 0.5, seed = 0, dtype = 'float32' } = options;
    this.settings = { model: 'deep-conv', hiddenSize, outputSize, dropoutRatio, dtype, loss: this.lossName };
    const rng = new Rng(seed);
    const dropRng = Rng.derive(seed, 1);
    let channels = 1;
    CONVS.forEach(([filters, pad], k) => {
      const i = k + 1;
      const fanIn = channels * 9;
      const W = Tensor.randn([filters, channels, 3, 3], rng, { std: initStd('he', fanIn), dtype });
      this.add(`Conv${i}`, new Convolution(W, Tensor.zeros([filters], { dtype }), 1, pad), { W: `W${i}`, b: `b${i}` });
      this.add(`Relu${i}`, new Relu());
      if (i % 2 === 0) this.add(`Pool${i / 2}`, new Pooling(2, 2, 2));
      channels = filters;
    });
    // 28 → 14 → (14 + 2·2 − 3 + 1 = 16) → 8 → 4: 64·4·4 features
    const flat = 64 * 4 * 4;
    const W7 = Tensor.randn([flat, hiddenSize], rng, { std: initStd('he', flat), dtype });
    const W8 = Tensor.randn([hiddenSize, outputSize], rng, { std: initStd('he', hiddenSize), dtype });
    this.add('Affine1', new Affine(W7, Tensor.zeros([hiddenSize], { dtype })), { W: 'W7', b: 'b7' });
    this.add('Relu7', new Relu());
    this.add('Dropout1', new Dropout(dropoutRatio, dropRng));
    this.add('Affine2', new Affine(W8, Tensor.zeros([outputSize], { dtype })), { W: 'W8', b: 'b8' });
    this.add('Dropout2', new Dropout(dropoutRatio, dropRng));
  }

  config(): Readonly<Record<string, unknown>> {
    return this.settings;
  }
}
