import { ValueError } from '../errors/index.js';
import { softmax } from '../layers/functions.js';
import type { ForwardOptions } from '../layers/layer.js';
import { TimeAffine } from '../layers/time/time-affine.js';
import { TimeEmbedding } from '../layers/time/time-embedding.js';
import { TimeLSTM } from '../layers/time/time-lstm.js';
import { TimeSoftmaxWithLoss } from '../layers/time/time-softmax-with-loss.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { SequenceModelBase, checkBatch, checkSizes, lstmWeights, randn, sampleId, type SequenceModelOptions, type SequenceSizes } from './sequence-base.js';
import type { GenerateOptions, LanguageModel } from './sequence-model.js';

/** Feeds `start` through a language model and draws ids to `length` in all, as the book's RnnlmGen (shared by Rnnlm and BetterRnnlm). */
export function generateIds(model: LanguageModel, where: string, start: readonly number[], length: number, options: GenerateOptions): number[] {
  const V = model.vocabSize;
  if (!Array.isArray(start) || start.length === 0) throw new ValueError(`${where}.generate: start must be a non-empty list of ids`);
  start.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new ValueError(`${where}.generate: start id ${id} at ${i} is outside the vocabulary of ${V} (0 .. ${V - 1})`);
  });
  if (!Number.isSafeInteger(length) || length < start.length) throw new ValueError(`${where}.generate: length must be a whole number ≥ the ${start.length} start ids, got ${length}`);
  if (!(options?.rng instanceof Rng)) throw new ValueError(`${where}.generate: give { rng } (an Rng) to draw the ids from`);
  const skip = new Set(options.skipIds ?? []);
  const ids = [...start];
  model.resetState();
  let score = model.predict(Tensor.from(start, { dtype: 'int32', shape: [1, start.length] }));
  while (ids.length < length) {
    const p = softmax(score.select(1, score.shape[1]! - 1).reshape(V).astype('float64')).data;
    let kept = 0;
    for (let i = 0; i < V; i++) kept += skip.has(i) ? 0 : p[i]!;
    if (!(kept > 0)) throw new ValueError(`${where}.generate: every id with a probability above 0 is in skipIds`);
    const q = Array.from(p, (v, i) => (skip.has(i) ? 0 : v / kept)); // the book redraws skipped ids: the same distribution
    const next = sampleId(q, options.rng.random());
    ids.push(next);
    score = model.predict(Tensor.from([next], { dtype: 'int32', shape: [1, 1] }));
  }
  model.resetState();
  return ids;
}

/**
 * The book's Rnnlm (chapter 6): TimeEmbedding → TimeLSTM (stateful) → TimeAffine, trained with
 * TimeSoftmaxWithLoss to predict each next word. Parameters: `embed.W` (V, D), `lstm.Wx` (D, 4H),
 * `lstm.Wh` (H, 4H), `lstm.b` (4H), `affine.W` (H, V), `affine.b` (V), initialised as the book does
 * (randn / 100 for the embedding, randn / √fan-in for the others, zero biases).
 *
 * @example
 * ```ts
 * import { Adam, Rnnlm, trainLanguageModel } from 'scratchnet';
 * const corpus = Int32Array.from({ length: 400 }, (_, i) => [0, 1, 2, 3, 2, 1][i % 6]!);
 * const model = new Rnnlm({ vocabSize: 4, wordvecSize: 8, hiddenSize: 8 });
 * const result = trainLanguageModel(model, corpus, { optimizer: new Adam(0.05), epochs: 5, batchSize: 4, timeSize: 10 });
 * console.log(result.history.at(-1)!.perplexity); // well below 4
 * ```
 */
export class Rnnlm extends SequenceModelBase implements LanguageModel {
  readonly task = 'language-model' as const;
  readonly sizes: SequenceSizes;
  readonly embed: TimeEmbedding;
  readonly lstm: TimeLSTM;
  readonly affine: TimeAffine;
  readonly lossLayer = new TimeSoftmaxWithLoss();

  constructor(options: SequenceModelOptions) {
    super();
    const s = checkSizes('Rnnlm', options, { wordvecSize: 100, hiddenSize: 100 });
    const { vocabSize: V, wordvecSize: D, hiddenSize: H, dtype } = s;
    const rng = new Rng(s.seed);
    this.sizes = s;
    this.embed = new TimeEmbedding(randn(rng, [V, D], 100, dtype));
    this.lstm = new TimeLSTM(...lstmWeights(rng, D, H, dtype), { stateful: true });
    this.affine = new TimeAffine(randn(rng, [H, V], Math.sqrt(H), dtype), Tensor.zeros([V], { dtype }));
    this.register('embed', this.embed);
    this.register('lstm', this.lstm);
    this.register('affine', this.affine);
  }

  get vocabSize(): number {
    return this.sizes.vocabSize;
  }

  /** Scores (N, T, V) of the next word after each position. */
  predict(xs: Tensor<'int32'>, options: ForwardOptions = {}): Tensor {
    return this.affine.forward(this.lstm.forward(this.embed.forward(xs), options), options);
  }

  /** The mean cross-entropy of predicting ts (N, T) from xs (N, T). */
  forward(xs: Tensor<'int32'>, ts: Tensor<'int32'>, options: ForwardOptions = {}): number {
    checkBatch('Rnnlm.forward', xs, ts, this.vocabSize, 1, this.lossLayer.ignoreLabel);
    return this.lossLayer.forward(this.predict(xs, options), ts);
  }

  /** Backpropagates through the loss, the affine, the LSTM (within this batch) and the embedding into `grads`. */
  backward(dout = 1): void {
    this.embed.backward(this.lstm.backward(this.affine.backward(this.lossLayer.backward(dout))));
  }

  /** Forgets the LSTM's state: the next batch starts from zeros. */
  resetState(): void {
    this.lstm.resetState();
  }

  /** Draws ids after `start` to `length` ids in all (the book's RnnlmGen.generate). */
  generate(start: readonly number[], length: number, options: GenerateOptions): number[] {
    return generateIds(this, 'Rnnlm', start, length, options);
  }

  config(): Readonly<Record<string, unknown>> {
    const { vocabSize, wordvecSize, hiddenSize, seed, dtype } = this.sizes;
    return { model: 'rnnlm', vocabSize, wordvecSize, hiddenSize, seed, dtype };
  }
}
