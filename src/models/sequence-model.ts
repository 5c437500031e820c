import type { ForwardOptions, TensorRecord } from '../layers/layer.js';
import type { Rng, RngState } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * What a trainer and the model files need from a model of the book's second volume: a loss for a
 * batch of id sequences, a backward that fills `grads`, and the recurrent state to reset.
 */
export interface SequenceModel {
  /** A language model predicts the next id of a corpus; a seq2seq model an answer sequence for a question sequence. */
  readonly task: 'language-model' | 'seq2seq';
  /** Parameters by name (`embed.W`, `lstm.Wx`, ...); optimizers update them in place. */
  readonly params: Readonly<TensorRecord>;
  /** The gradients of the last backward under the parameters' names (the same tensors every time). */
  readonly grads: Readonly<TensorRecord>;
  /** Saved, not trained, state (none for these models; kept for the model files). */
  readonly buffers: Readonly<TensorRecord>;
  /** Number of ids (words or characters) the model reads and writes. */
  readonly vocabSize: number;
  /**
   * The mean loss of a batch: for a language model xs (N, T) and the next ids ts (N, T); for seq2seq the
   * questions xs (N, Tq) and the answers ts (N, Ta), each answer starting with its start id.
   */
  forward(xs: Tensor<'int32'>, ts: Tensor<'int32'>, options?: ForwardOptions): number;
  /** Backpropagates the last forward's loss (scaled by dout) into `grads`. */
  backward(dout?: number): void;
  /** Forget the recurrent state carried between batches (a language model's truncated BPTT). */
  resetState(): void;
  /** Replaces every parameter's values (names, shapes and dtypes checked). */
  setParams(params: Readonly<TensorRecord>): void;
  /** Replaces the buffers' values (there are none). */
  setBuffers(buffers: Readonly<TensorRecord>): void;
  /** The states of the model's own generators (dropout masks), for checkpoints. */
  randomState(): RngState[];
  /** Restores what `randomState` returned. */
  setRandomState(states: readonly RngState[]): void;
  /** The architecture as JSON, enough to rebuild the model (`{ model: 'rnnlm', vocabSize, ... }`). */
  config(): Readonly<Record<string, unknown>>;
}

/** Options of a language model's {@link LanguageModel.generate}. */
export interface GenerateOptions {
  /** Draws each next id from the softmax of the scores. */
  readonly rng: Rng;
  /** Ids never to produce (the book skips `<unk>` and `N`). */
  readonly skipIds?: readonly number[];
}

/** A language model (Rnnlm, BetterRnnlm): the scores of the next id at every position. */
export interface LanguageModel extends SequenceModel {
  readonly task: 'language-model';
  /** Scores (N, T, V) of the next id after each position of xs (N, T), in eval mode unless `{ train: true }`. */
  predict(xs: Tensor<'int32'>, options?: ForwardOptions): Tensor;
  /**
   * Continues `start` (one or more ids) to `length` ids in all, each next id drawn from the softmax of the
   * scores, as the book's RnnlmGen; starts from a reset state and leaves the state reset.
   */
  generate(start: readonly number[], length: number, options: GenerateOptions): number[];
}

/** A seq2seq model (Seq2seq, PeekySeq2seq, AttentionSeq2seq): an answer sequence for a question sequence. */
export interface Seq2seqModel extends SequenceModel {
  readonly task: 'seq2seq';
  /** Greedy answers (N, length) to the questions xs (N, Tq), the decoder fed `startId` first and then its own argmax. */
  generate(xs: Tensor<'int32'>, startId: number, length: number): Tensor<'int32'>;
}
