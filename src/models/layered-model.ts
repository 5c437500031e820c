import { ValueError } from '../errors/index.js';
import { numericalGradient } from '../gradcheck/numerical-gradient.js';
import { Dropout } from '../layers/dropout.js';
import { softmax } from '../layers/functions.js';
import type { Rng, RngState } from '../random/rng.js';
import type { ForwardOptions, Layer, TensorRecord } from '../layers/layer.js';
import type { Target } from '../layers/targets.js';
import { accuracy } from '../metrics/accuracy.js';
import { classDecisions, regressionHasNoClasses } from '../metrics/classes.js';
import type { Tensor } from '../tensor/tensor.js';
import { DEFAULT_LOSS, checkLoss, lossLayer, type LossLayer, type LossName } from './loss.js';
import { assignParams, type Model } from './model.js';
import { predictInBatches } from './predict-batches.js';

/**
 * The book's network pattern, shared by every model: an ordered map of named
 * layers, a loss layer last (SoftmaxWithLoss unless the model's `loss` says
 * IdentityWithLoss or SigmoidWithLoss), parameters named `W1`, `b1`, ... that
 * are the very tensors the layers hold, and optional L2 weight decay on every
 * weight `W`: L += ½·λ·Σ‖W‖², ∂L/∂W += λ·W.
 */
export abstract class LayeredModel implements Model {
  readonly params: TensorRecord = {};
  readonly buffers: TensorRecord = {};
  readonly layers = new Map<string, Layer>();
  readonly lossName: LossName;
  readonly lastLayer: LossLayer;
  /** For each parameter name, the layer and the key it has there. */
  private readonly owners = new Map<string, { layer: Layer; key: string }>();

  protected constructor(
    readonly inputShape: readonly number[],
    readonly weightDecay = 0,
    loss: LossName = DEFAULT_LOSS,
  ) {
    if (!Number.isFinite(weightDecay) || weightDecay < 0) throw new ValueError(`weightDecay must be a finite number ≥ 0, got ${weightDecay}`);
    this.lossName = checkLoss(new.target.name, loss);
    this.lastLayer = lossLayer(this.lossName);
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

  /** Scores (logits), or predicted numbers for regression, for a batch of samples of shape [N, ...inputShape]. */
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

  loss(x: Tensor, t: Target, options: ForwardOptions = {}): number {
    return this.lastLayer.forward(this.predict(x, options), t) + this.decayLoss();
  }

  lossAndGradient(x: Tensor, t: Target): { loss: number; grads: TensorRecord } {
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

  gradient(x: Tensor, t: Target): TensorRecord {
    return this.lossAndGradient(x, t).grads;
  }

  /** The slow numerical gradient of the training-mode loss for every parameter (use float64). */
  numericalGradient(x: Tensor, t: Target): TensorRecord {
    const grads: TensorRecord = {};
    for (const [name, p] of Object.entries(this.params)) grads[name] = numericalGradient(() => this.loss(x, t, { train: true }), p);
    return grads;
  }

  /**
   * Fraction of right answers in eval mode and batches (default 1000): the arg-max class against the
   * label, or, for yes/no columns, σ(x) > 0.5 against 0/1 in every column. Regression has none: see evaluate.
   */
  accuracy(x: Tensor, t: Target, options: { batchSize?: number } = {}): number {
    if (this.lossName === 'mean-squared-error') throw regressionHasNoClasses('accuracy');
    const d = classDecisions(predictInBatches(this, x, options.batchSize ?? 1000, 'accuracy'), t, this.lossName, 'accuracy');
    return accuracy(d.predicted, d.actual);
  }

  /**
   * Probabilities in eval mode and batches (default 1000): softmax(scores) for a classifier,
   * σ(scores) per column for yes/no labels. A regression model answers with `predict`.
   */
  predictProba(x: Tensor, options: { batchSize?: number } = {}): Tensor {
    if (this.lossName === 'mean-squared-error') throw new ValueError(`predictProba: the model does regression (loss 'mean-squared-error') and gives numbers, not probabilities; use predict`);
    const scores = predictInBatches(this, x, options.batchSize ?? 1000, 'predictProba');
    return this.lossName === 'softmax-cross-entropy' ? softmax(scores) : scores.sigmoid();
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
