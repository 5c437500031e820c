import { ValueError } from '../errors/index.js';
import type { ForwardOptions } from '../layers/layer.js';
import { checkIds } from '../layers/time/checks.js';
import { TimeSoftmaxWithLoss } from '../layers/time/time-softmax-with-loss.js';
import { Rng } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { Decoder } from './seq2seq-decoder.js';
import { Encoder, type NamedLayer } from './seq2seq-encoder.js';
import { SequenceModelBase, checkBatch, checkSizes, type SequenceModelOptions, type SequenceSizes } from './sequence-base.js';
import type { Seq2seqModel } from './sequence-model.js';

/**
 * What Seq2seq, PeekySeq2seq and AttentionSeq2seq share: the answer sequence ts is split into the
 * decoder's inputs ts[:, :−1] (starting with the start id) and its targets ts[:, 1:], the encoder's
 * output (h, or every h for attention) starts the decoder, and TimeSoftmaxWithLoss scores the targets.
 * Subclasses say what passes between encoder and decoder.
 */
export abstract class Seq2seqBase extends SequenceModelBase implements Seq2seqModel {
  readonly task = 'seq2seq' as const;
  readonly lossLayer = new TimeSoftmaxWithLoss();
  readonly sizes: SequenceSizes;
  protected readonly rng: Rng;

  protected constructor(
    private readonly kindName: string,
    options: SequenceModelOptions,
    defaults: { wordvecSize: number; hiddenSize: number },
  ) {
    super();
    this.sizes = checkSizes(new.target.name, options, defaults);
    this.rng = new Rng(this.sizes.seed);
  }

  /** Registers the encoder's and decoder's layers as `encoder.embed.W`, `decoder.lstm.Wx`, .... */
  protected registerParts(encoder: readonly NamedLayer[], decoder: readonly NamedLayer[]): void {
    for (const [name, layer] of encoder) this.register(`encoder.${name}`, layer);
    for (const [name, layer] of decoder) this.register(`decoder.${name}`, layer);
  }

  protected abstract encode(xs: Tensor<'int32'>): Tensor;
  protected abstract encodeBackward(d: Tensor): void;
  protected abstract decode(xs: Tensor<'int32'>, e: Tensor, options: ForwardOptions): Tensor;
  protected abstract decodeBackward(dscore: Tensor): Tensor;
  protected abstract decodeGreedy(e: Tensor, startId: number, length: number): Tensor<'int32'>;

  get vocabSize(): number {
    return this.sizes.vocabSize;
  }

  /** The mean cross-entropy of the answers ts[:, 1:] given the questions xs and the answers' previous ids. */
  forward(xs: Tensor<'int32'>, ts: Tensor<'int32'>, options: ForwardOptions = {}): number {
    const where = `${this.constructor.name}.forward`;
    checkBatch(where, xs, ts, this.vocabSize, 2);
    const Ta = ts.shape[1]!;
    const e = this.encode(xs);
    const score = this.decode(ts.slice(1, 0, Ta - 1), e, options);
    return this.lossLayer.forward(score, ts.slice(1, 1, Ta));
  }

  /** Backward through the loss and the decoder, whose gradient of the encoder's output runs the encoder backward. */
  backward(dout = 1): void {
    this.encodeBackward(this.decodeBackward(this.lossLayer.backward(dout)));
  }

  /** Greedy answers (N, length): the decoder is fed `startId`, then its own argmax at each step. */
  generate(xs: Tensor<'int32'>, startId: number, length: number): Tensor<'int32'> {
    const where = `${this.constructor.name}.generate`;
    checkIds(where, xs, this.vocabSize, 2);
    if (!Number.isInteger(startId) || startId < 0 || startId >= this.vocabSize) throw new ValueError(`${where}: the start id ${startId} is outside the vocabulary of ${this.vocabSize}`);
    if (!Number.isSafeInteger(length) || length < 1) throw new ValueError(`${where}: length must be a whole number ≥ 1, got ${length}`);
    return this.decodeGreedy(this.encode(xs), startId, length);
  }

  /** Nothing to reset: each forward starts the decoder from the encoder's state. */
  resetState(): void {}

  config(): Readonly<Record<string, unknown>> {
    const { vocabSize, wordvecSize, hiddenSize, seed, dtype } = this.sizes;
    return { model: this.kindName, vocabSize, wordvecSize, hiddenSize, seed, dtype };
  }
}

/**
 * The book's Seq2seq (chapter 7): an Encoder reads the question and hands its last hidden state h to a
 * Decoder, which predicts the answer one character at a time. Parameters `encoder.embed.W`,
 * `encoder.lstm.{Wx, Wh, b}`, `decoder.embed.W`, `decoder.lstm.{Wx, Wh, b}`, `decoder.affine.{W, b}`.
 * Defaults as the book's train_seq2seq.py: word vectors 16, hidden 128.
 *
 * @example
 * ```ts
 * import { Seq2seq, Tensor } from 'scratchnet';
 * const model = new Seq2seq({ vocabSize: 13, wordvecSize: 8, hiddenSize: 16 });
 * const q = Tensor.from([[1, 2, 3]], { dtype: 'int32' });     // a question of 3 ids
 * const a = Tensor.from([[0, 4, 5]], { dtype: 'int32' });     // the start id 0, then the answer
 * model.forward(q, a, { train: true }); model.backward();      // model.grads
 * model.generate(q, 0, 2);                                     // [[?, ?]]: two ids, greedily
 * ```
 */
export class Seq2seq extends Seq2seqBase {
  readonly encoder: Encoder;
  readonly decoder: Decoder;

  constructor(options: SequenceModelOptions) {
    super('seq2seq', options, { wordvecSize: 16, hiddenSize: 128 });
    const { vocabSize: V, wordvecSize: D, hiddenSize: H, dtype } = this.sizes;
    this.encoder = new Encoder(this.rng, V, D, H, dtype);
    this.decoder = new Decoder(this.rng, V, D, H, dtype);
    this.registerParts(this.encoder.layers(), this.decoder.layers());
  }

  protected encode(xs: Tensor<'int32'>): Tensor {
    return this.encoder.forward(xs);
  }
  protected encodeBackward(dh: Tensor): void {
    this.encoder.backward(dh);
  }
  protected decode(xs: Tensor<'int32'>, h: Tensor, options: ForwardOptions): Tensor {
    return this.decoder.forward(xs, h, options);
  }
  protected decodeBackward(dscore: Tensor): Tensor {
    return this.decoder.backward(dscore);
  }
  protected decodeGreedy(h: Tensor, startId: number, length: number): Tensor<'int32'> {
    return this.decoder.generate(h, startId, length);
  }
}
