import { ValueError } from '../errors/index.js';
import { Affine } from '../layers/affine.js';
import type { ForwardOptions, Layer, TensorRecord } from '../layers/layer.js';
import type { LabelInput } from '../layers/labels.js';
import { Relu } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss.js';
import { numericalGradient } from '../gradcheck/numerical-gradient.js';
import { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { assignParams, labelIndices, type Model } from './model.js';

export interface TwoLayerNetOptions {
  /** Standard deviation of the initial weights (default 0.01, as the book). */
  readonly weightInitStd?: number;
  /** Hidden activation (default 'relu'). */
  readonly activation?: 'relu' | 'sigmoid';
  /** Seed for the initial weights (default 0). */
  readonly seed?: number;
  readonly dtype?: DType;
}

/**
 * The book's chapter-5 network: Affine1 → Relu1 (or Sigmoid1) → Affine2, with
 * SoftmaxWithLoss as the last layer. Parameters `W1` (input, hidden), `b1`,
 * `W2` (hidden, output), `b2`.
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
export class TwoLayerNet implements Model {
  readonly params: { readonly W1: Tensor; readonly b1: Tensor; readonly W2: Tensor; readonly b2: Tensor };
  /** The layers in order, by the book's names. */
  readonly layers: ReadonlyMap<string, Layer>;
  readonly lastLayer = new SoftmaxWithLoss();
  private readonly settings: Required<Omit<TwoLayerNetOptions, 'seed'>> & { inputSize: number; hiddenSize: number; outputSize: number };

  constructor(inputSize: number, hiddenSize: number, outputSize: number, options: TwoLayerNetOptions = {}) {
    const { weightInitStd = 0.01, activation = 'relu', seed = 0, dtype = 'float32' } = options;
    for (const [name, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['outputSize', outputSize]] as const) {
      if (!Number.isSafeInteger(v) || v <= 0) throw new ValueError(`TwoLayerNet: ${name} must be a positive integer, got ${v}`);
    }
    if (!Number.isFinite(weightInitStd) || weightInitStd < 0) throw new ValueError(`TwoLayerNet: weightInitStd must be a finite number ≥ 0, got ${weightInitStd}`);
    if (activation !== 'relu' && activation !== 'sigmoid') {
      throw new ValueError(`TwoLayerNet: activation must be 'relu' or 'sigmoid', got ${JSON.stringify(activation)}`);
    }
    this.settings = { inputSize, hiddenSize, outputSize, weightInitStd, activation, dtype };
    const rng = new Rng(seed);
    this.params = {
      W1: Tensor.randn([inputSize, hiddenSize], rng, { std: weightInitStd, dtype }),
      b1: Tensor.zeros([hiddenSize], { dtype }),
      W2: Tensor.randn([hiddenSize, outputSize], rng, { std: weightInitStd, dtype }),
      b2: Tensor.zeros([outputSize], { dtype }),
    };
    this.layers = new Map<string, Layer>([
      ['Affine1', new Affine(this.params.W1, this.params.b1)],
      activation === 'relu' ? ['Relu1', new Relu()] : ['Sigmoid1', new Sigmoid()],
      ['Affine2', new Affine(this.params.W2, this.params.b2)],
    ]);
  }

  /** Scores (before softmax) for x of shape (N, inputSize). */
  predict(x: Tensor, options: ForwardOptions = {}): Tensor {
    const train = options.train ?? false;
    for (const layer of this.layers.values()) x = layer.forward(x, { train });
    return x;
  }

  /** Mean cross-entropy loss for x with labels t (class indices or one-hot rows). */
  loss(x: Tensor, t: LabelInput, options: ForwardOptions = {}): number {
    return this.lastLayer.forward(this.predict(x, options), t);
  }

  /** Fraction of rows whose arg-max score equals the label; evaluated in batches (default 1000) in eval mode. */
  accuracy(x: Tensor, t: LabelInput, options: { batchSize?: number } = {}): number {
    const { batchSize = 1000 } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0) throw new ValueError(`accuracy: batchSize must be a positive integer, got ${batchSize}`);
    const n = x.shape[0] ?? 0;
    if (n === 0) throw new ValueError('accuracy: no samples');
    const labels = labelIndices(t, n, 'accuracy');
    const rowSize = x.size / n;
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const xb = new Tensor(x.data.subarray(start * rowSize, end * rowSize), [end - start, ...x.shape.slice(1)]);
      const predicted = this.predict(xb, { train: false }).argmax(1);
      for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[start + i]) correct++;
    }
    return correct / n;
  }

  /** Backprop: one forward in training mode, then backward from the loss through the layers in reverse. */
  gradient(x: Tensor, t: LabelInput): TensorRecord {
    return this.lossAndGradient(x, t).grads;
  }

  /** The loss of the training-mode forward that `gradient` runs anyway, with the gradients. */
  lossAndGradient(x: Tensor, t: LabelInput): { loss: number; grads: TensorRecord } {
    const loss = this.loss(x, t, { train: true });
    let dout = this.lastLayer.backward(1);
    for (const layer of [...this.layers.values()].reverse()) dout = layer.backward(dout);
    const a1 = this.layers.get('Affine1')!;
    const a2 = this.layers.get('Affine2')!;
    return { loss, grads: { W1: a1.grads.W!, b1: a1.grads.b!, W2: a2.grads.W!, b2: a2.grads.b! } };
  }

  /** The slow numerical gradient of the loss for every parameter (for checking `gradient`; use float64). */
  numericalGradient(x: Tensor, t: LabelInput): TensorRecord {
    const grads: TensorRecord = {};
    for (const [name, p] of Object.entries(this.params)) grads[name] = numericalGradient(() => this.loss(x, t, { train: true }), p);
    return grads;
  }

  setParams(params: Readonly<TensorRecord>): void {
    assignParams('TwoLayerNet', this.params, params);
  }

  config(): Readonly<Record<string, unknown>> {
    return { model: 'two-layer', ...this.settings };
  }
}
