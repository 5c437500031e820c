import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { numericalGradient } from '../gradcheck/numerical-gradient.js';
import { Dropout } from '../layers/dropout.js';
import type { Rng, RngState } from '../random/rng.js';
import type { ForwardOptions, Layer, TensorRecord } from '../layers/layer.js';
import type { LabelInput } from '../layers/labels.js';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss.js';
import { Tensor } from '../tensor/tensor.js';
import { assignParams, labelIndices, type Model } from './model.js';

/**
 * The book's network pattern, shared by every model: an ordered map of named
 * layers, SoftmaxWithLoss last, parameters named `W1`, `b1`, ... that are the
 * very tensors the layers hold, and optional L2 weight decay on every weight `W`:
 * L += ½·λ·Σ‖W‖², ∂L/∂W += λ·W.
 */
export abstract class LayeredModel implements Model {
  readonly params: TensorRecord = {};
  readonly buffers: TensorRecord = {};
  readonly layers = new Map<string, Layer>();
  readonly lastLayer = new SoftmaxWithLoss();
  /** For each parameter name, the layer and the key it has there. */
  private readonly owners = new Map<string, { layer: Layer; key: string }>();

  protected constructor(
    readonly inputShape: readonly number[],
    readonly weightDecay = 0,
  ) {
    if (!Number.isFinite(weightDecay) || weightDecay < 0) throw new ValueError(`weightDecay must be a finite number ≥ 0, got ${weightDecay}`);
  }

  /**
   * Appends a layer; `names` gives each of its parameters and buffers its name in the model,
   * e.g. { W: 'W1', b: 'b1' } or { gamma: 'gamma1', beta: 'beta1', running_mean: 'running_mean1', running_var: 'running_var1' }.
   */
  protected add(name: string, layer: Layer, names: Readonly<Record<string, string>> = {}): void {
    const keys = [...Object.keys(layer.params), ...Object.keys(layer.buffers ?? {})];
    const unnamed = keys.filter((k) => names[k] === undefined);
    const unknown = Object.keys(names).filter((k) => !keys.includes(k));
    if (unnamed.length > 0 || unknown.length > 0) {
      throw new ValueError(`${this.constructor.name}: layer ${name} (${layer.kind}) has ${keys.join(', ') || 'nothing to name'}; ${unnamed.length > 0 ? `name ${unnamed.join(', ')}` : `it has no ${unknown.join(', ')}`}`);
    }
    this.layers.set(name, layer);
    for (const [key, modelName] of Object.entries(names)) {
      if (key in layer.params) {
        this.params[modelName] = layer.params[key]!;
        this.owners.set(modelName, { layer, key });
      } else this.buffers[modelName] = layer.buffers![key]!;
    }
  }

  /** Scores (logits) for a batch of samples of shape [N, ...inputShape]. */
  predict(x: Tensor, options: ForwardOptions = {}): Tensor {
    const train = options.train ?? false;
    for (const layer of this.layers.values()) x = layer.forward(x, { train });
    return x;
  }

  /** ½·λ·Σ‖W‖² over every weight W (0 without weight decay). */
  private decayLoss(): number {
    if (this.weightDecay === 0) return 0;
    let s = 0;
    for (const [name, { key }] of this.owners) if (key === 'W') s += this.params[name]!.square().sum().item();
    return 0.5 * this.weightDecay * s;
  }

  loss(x: Tensor, t: LabelInput, options: ForwardOptions = {}): number {
    return this.lastLayer.forward(this.predict(x, options), t) + this.decayLoss();
  }

  lossAndGradient(x: Tensor, t: LabelInput): { loss: number; grads: TensorRecord } {
    const loss = this.loss(x, t, { train: true });
    let dout = this.lastLayer.backward(1);
    const reversed = [...this.layers.values()].reverse();
    reversed.forEach((layer, i) => {
      // the first layer's dx would be ∂L/∂(input data), which nothing uses: skip it where the layer can
      if (i === reversed.length - 1 && layer.backwardParams) layer.backwardParams(dout);
      else dout = layer.backward(dout);
    });
    const grads: TensorRecord = {};
    for (const [name, { layer, key }] of this.owners) {
      const g = layer.grads[key]!;
      grads[name] = key === 'W' && this.weightDecay > 0 ? g.add(this.params[name]!.mul(this.weightDecay)) : g;
    }
    return { loss, grads };
  }

  gradient(x: Tensor, t: LabelInput): TensorRecord {
    return this.lossAndGradient(x, t).grads;
  }

  /** The slow numerical gradient of the training-mode loss for every parameter (use float64). */
  numericalGradient(x: Tensor, t: LabelInput): TensorRecord {
    const grads: TensorRecord = {};
    for (const [name, p] of Object.entries(this.params)) grads[name] = numericalGradient(() => this.loss(x, t, { train: true }), p);
    return grads;
  }

  /** Fraction of samples whose arg-max score is the label, in eval mode and batches (default 1000). */
  accuracy(x: Tensor, t: LabelInput, options: { batchSize?: number } = {}): number {
    const { batchSize = 1000 } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0) throw new ValueError(`accuracy: batchSize must be a positive integer, got ${batchSize}`);
    const n = x.shape[0] ?? 0;
    if (n === 0) throw new ValueError('accuracy: no samples');
    const per = x.size / n;
    const want = this.inputShape.reduce((a, b) => a * b, 1);
    if (per !== want) throw new ShapeError(`accuracy: each sample must have shape ${fmtShape(this.inputShape)} (${want} values), got ${fmtShape(x.shape)}`);
    const labels = labelIndices(t, n, 'accuracy');
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const xb = new Tensor(x.data.subarray(start * per, end * per), [end - start, ...x.shape.slice(1)]);
      const predicted = this.predict(xb, { train: false }).argmax(1);
      for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[start + i]) correct++;
    }
    return correct / n;
  }

  setParams(params: Readonly<TensorRecord>): void {
    assignParams(this.constructor.name, this.params, params);
  }

  /** The distinct generators of the Dropout layers, in layer order. */
  private rngs(): Rng[] {
    const seen: Rng[] = [];
    for (const layer of this.layers.values()) if (layer instanceof Dropout && !seen.includes(layer.rng)) seen.push(layer.rng);
    return seen;
  }

  randomState(): RngState[] {
    return this.rngs().map((r) => r.state());
  }

  /** Restores the generators saved by `randomState`. */
  setRandomState(states: readonly RngState[]): void {
    const rngs = this.rngs();
    if (!Array.isArray(states) || states.length !== rngs.length) {
      throw new ValueError(`${this.constructor.name}.setRandomState: expected ${rngs.length} generator states, got ${Array.isArray(states) ? states.length : typeof states}`);
    }
    rngs.forEach((r, i) => r.setState(states[i]!));
  }

  /** Replaces the running statistics (BatchNormalization) from a saved record. */
  setBuffers(buffers: Readonly<TensorRecord>): void {
    assignParams(this.constructor.name, this.buffers, buffers);
  }

  abstract config(): Readonly<Record<string, unknown>>;
}
