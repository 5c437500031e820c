import { ValueError } from '../errors/index.js';
import type { ForwardOptions } from '../layers/layer.js';
import { TimeAffine } from '../layers/time/time-affine.js';
import { TimeDropout } from '../layers/time/time-dropout.js';
import { TimeEmbedding } from '../layers/time/time-embedding.js';
import { TimeLSTM } from '../layers/time/time-lstm.js';
import { TimeSoftmaxWithLoss } from '../layers/time/time-softmax-with-loss.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { generateIds } from './rnnlm.js';
import { SequenceModelBase, checkBatch, checkSizes, lstmWeights, randn, type SequenceModelOptions, type SequenceSizes } from './sequence-base.js';
import type { GenerateOptions, LanguageModel } from './sequence-model.js';

/** Options of {@link BetterRnnlm}: the sizes, and the dropout ratio (default 0.5). */
export interface BetterRnnlmOptions extends SequenceModelOptions {
  readonly dropoutRatio?: number;
}

/**
 * The book's BetterRnnlm (chapter 6): TimeEmbedding → TimeDropout → TimeLSTM → TimeDropout → TimeLSTM →
 * TimeDropout → TimeAffine, with the output weights tied to the embedding (the affine reads `embed.W`
 * transposed, so D = H is required and the two gradients add up in `grads['embed.W']`). Parameters:
 * `embed.W`, `lstm1.{Wx, Wh, b}`, `lstm2.{Wx, Wh, b}`, `affine.b`. Defaults as train_better_rnnlm.py:
 * word vectors and hidden 650, dropout 0.5. Dropout masks come from generators seeded from `seed`.
 *
 * @example
 * ```ts
 * import { BetterRnnlm, Tensor } from 'scratchnet';
 * const model = new BetterRnnlm({ vocabSize: 20, wordvecSize: 8, hiddenSize: 8 });
 * const xs = Tensor.from([[1, 2, 3]], { dtype: 'int32' });
 * model.forward(xs, Tensor.from([[2, 3, 4]], { dtype: 'int32' }), { train: true });
 * model.backward();
 * model.grads['embed.W'];   // the embedding's and the output layer's gradients, summed
 * ```
 */
export class BetterRnnlm extends SequenceModelBase implements LanguageModel {
  readonly task = 'language-model' as const;
  readonly sizes: SequenceSizes;
  readonly dropoutRatio: number;
  readonly embed: TimeEmbedding;
  readonly lstm1: TimeLSTM;
  readonly lstm2: TimeLSTM;
  readonly affine: TimeAffine;
  readonly dropouts: readonly [TimeDropout, TimeDropout, TimeDropout];
  readonly lossLayer = new TimeSoftmaxWithLoss();
  private readonly tiedGrad: Tensor;

  constructor(options: BetterRnnlmOptions) {
    super();
    const s = checkSizes('BetterRnnlm', options, { wordvecSize: 650, hiddenSize: 650 });
    const { vocabSize: V, wordvecSize: D, hiddenSize: H, dtype } = s;
    if (D !== H) throw new ValueError(`BetterRnnlm: the output layer shares the embedding's weights, so wordvecSize must equal hiddenSize, got ${D} and ${H}`);
    const ratio = options.dropoutRatio ?? 0.5;
    this.sizes = s;
    this.dropoutRatio = ratio;
    const rng = new Rng(s.seed);
    const W = randn(rng, [V, D], 100, dtype);
    this.embed = new TimeEmbedding(W);
    this.lstm1 = new TimeLSTM(...lstmWeights(rng, D, H, dtype), { stateful: true });
    this.lstm2 = new TimeLSTM(...lstmWeights(rng, H, H, dtype), { stateful: true });
    this.affine = new TimeAffine(W, Tensor.zeros([V], { dtype }), { transposeW: true }); // weight tying
    this.rngs.push(Rng.derive(s.seed, 1), Rng.derive(s.seed, 2), Rng.derive(s.seed, 3));
    this.dropouts = [new TimeDropout(ratio, this.rngs[0]), new TimeDropout(ratio, this.rngs[1]), new TimeDropout(ratio, this.rngs[2])];
    this.register('embed', this.embed);
    this.register('lstm1', this.lstm1);
    this.register('lstm2', this.lstm2);
    this.register('affine', this.affine, ['W']);
    this.tiedGrad = Tensor.zeros(W.shape, { dtype });
    this.grads['embed.W'] = this.tiedGrad;
  }

  get vocabSize(): number {
    return this.sizes.vocabSize;
  }

  /** Scores (N, T, V) of the next word after each position; dropout only with `{ train: true }`. */
  predict(xs: Tensor<'int32'>, options: ForwardOptions = {}): Tensor {
    const [d1, d2, d3] = this.dropouts;
    let h = d1.forward(this.embed.forward(xs), options);
    h = d2.forward(this.lstm1.forward(h, options), options);
    h = d3.forward(this.lstm2.forward(h, options), options);
    return this.affine.forward(h, options);
  }

  /** The mean cross-entropy of predicting ts (N, T) from xs (N, T). */
  forward(xs: Tensor<'int32'>, ts: Tensor<'int32'>, options: ForwardOptions = {}): number {
    checkBatch('BetterRnnlm.forward', xs, ts, this.vocabSize, 1, this.lossLayer.ignoreLabel);
    return this.lossLayer.forward(this.predict(xs, options), ts);
  }

  /** Backward through every layer; `grads['embed.W']` is the embedding's gradient plus the tied output layer's. */
  backward(dout = 1): void {
    const [d1, d2, d3] = this.dropouts;
    let d = this.affine.backward(this.lossLayer.backward(dout));
    d = this.lstm1.backward(d2.backward(this.lstm2.backward(d3.backward(d))));
    this.embed.backward(d1.backward(d));
    this.tiedGrad.assign(this.embed.grads.W.add(this.affine.grads.W));
  }

  /** Forgets both LSTMs' states. */
  resetState(): void {
    this.lstm1.resetState();
    this.lstm2.resetState();
  }

  /** Draws ids after `start` to `length` ids in all (dropout off). */
  generate(start: readonly number[], length: number, options: GenerateOptions): number[] {
    return generateIds(this, 'BetterRnnlm', start, length, options);
  }

  config(): Readonly<Record<string, unknown>> {
    const { vocabSize, wordvecSize, hiddenSize, seed, dtype } = this.sizes;
    return { model: 'better-rnnlm', vocabSize, wordvecSize, hiddenSize, dropoutRatio: this.dropoutRatio, seed, dtype };
  }
}
