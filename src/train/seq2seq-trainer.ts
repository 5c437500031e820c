import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { BatchSampler, type SamplerState } from '../data/batches.js';
import { exactMatch } from '../metrics/exact-match.js';
import type { Seq2seqModel } from '../models/sequence-model.js';
import { Adam } from '../optimizers/adam.js';
import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';
import { Rng, type RngState } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { checkMaxGrad, positive, sequenceStep } from './sequence-step.js';
import type { EpochControl } from './train-types.js';

/** Questions (N, Tq) and answers (N, Ta) as int32 ids, each answer starting with the start id. */
export interface Seq2seqSplit {
  readonly questions: Tensor<'int32'>;
  readonly answers: Tensor<'int32'>;
}

/** What a seq2seq model trains on: a training split and, optionally, a test split evaluated after every epoch. */
export interface Seq2seqData {
  readonly train: Seq2seqSplit;
  readonly test?: Seq2seqSplit;
}

/** One evaluation, after each epoch. */
export interface Seq2seqEpoch {
  readonly epoch: number;
  readonly iter: number;
  /** Mean training loss over the epoch's iterations. */
  readonly loss: number;
  /** Exact-match accuracy on the test split (whole answers right), null without one. */
  readonly testAcc: number | null;
  readonly seconds: number;
}

/** Options of {@link Seq2seqTrainer} and {@link trainSeq2seq}; the defaults are the book's train_seq2seq.py. */
export interface Seq2seqTrainOptions {
  /** Default Adam (lr 0.001). */
  readonly optimizer?: Optimizer;
  /** Passes over the training split (default 1). */
  readonly epochs?: number;
  /** Default 128. */
  readonly batchSize?: number;
  /** Clip the gradients' global norm to this (default 5, as the book); null for none. */
  readonly maxGrad?: number | null;
  /** Seed of the batch order (default 0). */
  readonly seed?: number;
  /** Evaluate on at most the first N test questions (default: all). */
  readonly evalLimit?: number;
  /** Stop with a TrainingDivergedError when the loss or a gradient is non-finite (default true). */
  readonly nanGuard?: boolean;
  /** Called after every iteration with its loss. */
  readonly onIteration?: (info: { readonly iter: number; readonly iters: number; readonly loss: number }) => void;
  /** Called after every epoch; returning false or calling control.stop() ends the run there. */
  readonly onEpoch?: (record: Seq2seqEpoch, control: EpochControl) => unknown;
}

/** Everything a Seq2seqTrainer needs to continue bit-identically. */
export interface Seq2seqTrainerState {
  readonly iteration: number;
  readonly lossHistory: readonly number[];
  readonly history: readonly Seq2seqEpoch[];
  readonly batchRng: RngState;
  readonly sampler: SamplerState;
  readonly optimizer: OptimizerState;
  readonly modelRandom: readonly RngState[];
  readonly stopped: boolean;
  readonly seconds: number;
}

/** What a seq2seq model's training returns. */
export interface Seq2seqTrainResult {
  readonly iters: number;
  readonly lossHistory: readonly number[];
  readonly history: readonly Seq2seqEpoch[];
  /** The last epoch's test accuracy (null without a test split). */
  readonly testAcc: number | null;
  readonly seconds: number;
}

function checkSplit(model: Seq2seqModel, split: Seq2seqSplit, name: string): void {
  const { questions: q, answers: a } = split ?? ({} as Seq2seqSplit);
  for (const [what, t] of [['questions', q], ['answers', a]] as const) {
    if (!(t instanceof Tensor) || (t.dtype as string) !== 'int32' || t.ndim !== 2) {
      throw new ValueError(`trainSeq2seq: the ${name} ${what} must be an int32 Tensor of shape [N, T]${t instanceof Tensor ? `, got ${t.dtype} ${fmtShape(t.shape)}` : ''}`);
    }
  }
  if (q.shape[0] !== a.shape[0]) throw new ShapeError(`trainSeq2seq: ${q.shape[0]} ${name} questions but ${a.shape[0]} answers`);
  if (q.shape[0] === 0) throw new ValueError(`trainSeq2seq: the ${name} split is empty`);
  if (a.shape[1]! < 2) throw new ShapeError(`trainSeq2seq: the ${name} answers need the start id and at least one more, got ${fmtShape(a.shape)}`);
  for (const t of [q, a]) {
    for (let i = 0; i < t.size; i++) {
      const v = t.data[i]!;
      if (v < 0 || v >= model.vocabSize) throw new ValueError(`trainSeq2seq: ${name} id ${v} is outside the model's vocabulary of ${model.vocabSize}`);
    }
  }
}

/**
 * Trains a seq2seq model on question/answer pairs, the book's Trainer as train_seq2seq.py uses it: each
 * epoch a fresh seeded order of the pairs cut into batches, the gradients clipped to `maxGrad` by their
 * global norm, and after each epoch the exact-match accuracy on the test split (greedy answers).
 * Unlike the book, an epoch's last partial batch is used, not dropped (as {@link BatchSampler}).
 */
export class Seq2seqTrainer {
  readonly optimizer: Optimizer;
  readonly iters: number;
  readonly perEpoch: number;
  iteration = 0;
  lossHistory: number[] = [];
  history: Seq2seqEpoch[] = [];
  private readonly batchRng: Rng;
  private readonly sampler: BatchSampler;
  private readonly maxGrad: number | null;
  private readonly evalLimit: number;
  private stopped = false;
  private sum = 0;
  private count = 0;
  private secondsBefore = 0;
  private startedAt = performance.now();

  constructor(
    readonly model: Seq2seqModel,
    readonly data: Seq2seqData,
    readonly options: Seq2seqTrainOptions = {},
  ) {
    const where = 'trainSeq2seq';
    if (model?.task !== 'seq2seq') throw new ValueError(`${where}: expected a seq2seq model (Seq2seq, PeekySeq2seq, AttentionSeq2seq), got ${model?.task ?? typeof model}`);
    if (data === null || typeof data !== 'object') throw new ValueError(`${where}: expected data as { train: { questions, answers }, test? }`);
    checkSplit(model, data.train, 'training');
    if (data.test !== undefined) checkSplit(model, data.test, 'test');
    const n = data.train.questions.shape[0]!;
    const batchSize = positive(where, 'batchSize', options.batchSize, Math.min(128, n));
    if (batchSize > n) throw new ValueError(`${where}: batchSize ${batchSize} is larger than the ${n} training pairs`);
    this.optimizer = options.optimizer ?? new Adam();
    this.maxGrad = checkMaxGrad(where, options.maxGrad, 5);
    this.evalLimit = positive(where, 'evalLimit', options.evalLimit, Number.MAX_SAFE_INTEGER);
    this.batchRng = new Rng(options.seed ?? 0);
    this.sampler = new BatchSampler(n, batchSize, this.batchRng);
    this.perEpoch = this.sampler.batchesPerEpoch;
    this.iters = positive(where, 'epochs', options.epochs, 1) * this.perEpoch;
  }

  /** True once every iteration has run or the run was stopped. */
  get done(): boolean {
    return this.stopped || this.iteration >= this.iters;
  }

  /** Seconds of training so far, including any before a restore. */
  get seconds(): number {
    return this.secondsBefore + (performance.now() - this.startedAt) / 1000;
  }

  /** One iteration: a batch of pairs, forward, backward, clip, update (and the test accuracy at an epoch's end). */
  step(): void {
    if (this.done) return;
    const idx = this.sampler.next();
    const { questions, answers } = this.data.train;
    const i = this.iteration + 1;
    const loss = sequenceStep(this.model, this.optimizer, takeIdRows(questions, idx), takeIdRows(answers, idx), this.maxGrad, i, this.options.nanGuard ?? true, this.lossHistory);
    this.iteration = i;
    this.lossHistory.push(loss);
    this.sum += loss;
    this.count++;
    this.options.onIteration?.({ iter: i, iters: this.iters, loss });
    if (i % this.perEpoch === 0 || i === this.iters) this.evaluate();
  }

  private evaluate(): void {
    const test = this.data.test;
    let testAcc: number | null = null;
    if (test !== undefined) {
      const n = Math.min(test.questions.shape[0]!, this.evalLimit);
      testAcc = exactMatch(this.model, test.questions.slice(0, 0, n), test.answers.slice(0, 0, n));
    }
    const record: Seq2seqEpoch = { epoch: this.history.length + 1, iter: this.iteration, loss: this.sum / Math.max(this.count, 1), testAcc, seconds: this.seconds };
    this.history.push(record);
    this.sum = 0;
    this.count = 0;
    let stop = false;
    const answer = this.options.onEpoch?.(record, { stop: () => (stop = true) });
    if ((answer === false || stop) && !this.done) this.stopped = true;
  }

  /** The histories so far and the last test accuracy. */
  result(): Seq2seqTrainResult {
    return { iters: this.iteration, lossHistory: this.lossHistory, history: this.history, testAcc: this.history.at(-1)?.testAcc ?? null, seconds: this.seconds };
  }

  /** Everything counted or drawn, for a checkpoint. */
  state(): Seq2seqTrainerState {
    return {
      iteration: this.iteration, lossHistory: [...this.lossHistory], history: [...this.history], batchRng: this.batchRng.state(), sampler: this.sampler.state(),
      optimizer: this.optimizer.state(), modelRandom: this.model.randomState(), stopped: this.stopped, seconds: this.seconds,
    };
  }

  /** Continues from a saved state (the model's parameters are loaded separately). */
  restore(s: Seq2seqTrainerState): void {
    if (!Number.isSafeInteger(s.iteration) || s.iteration < 0 || s.iteration > this.iters) throw new ValueError(`Seq2seqTrainer.restore: iteration ${s.iteration} is outside 0 .. ${this.iters}`);
    this.batchRng.setState(s.batchRng);
    this.sampler.loadState(s.sampler);
    this.optimizer.loadState(s.optimizer);
    this.model.setRandomState(s.modelRandom);
    this.iteration = s.iteration;
    this.lossHistory = [...s.lossHistory];
    this.history = [...s.history];
    const recent = s.lossHistory.slice(s.lossHistory.length - (s.iteration % this.perEpoch));
    this.sum = recent.reduce((a, b) => a + b, 0);
    this.count = recent.length;
    this.stopped = s.stopped;
    this.secondsBefore = s.seconds;
    this.startedAt = performance.now();
  }
}

/** The rows `idx` of an id matrix (N, T), as a new tensor. */
export function takeIdRows(t: Tensor<'int32'>, idx: ArrayLike<number>): Tensor<'int32'> {
  const T = t.shape[1]!;
  const out = new Int32Array(idx.length * T);
  for (let i = 0; i < idx.length; i++) out.set(t.data.subarray(idx[i]! * T, (idx[i]! + 1) * T), i * T);
  return new Tensor<'int32'>(out, [idx.length, T]);
}

/**
 * Trains a seq2seq model to the end (see {@link Seq2seqTrainer}) and returns the histories.
 *
 * @example
 * ```ts
 * import { Seq2seq, Tensor, trainSeq2seq } from 'scratchnet';
 * // answer = the question reversed; id 0 is the start id
 * const q = Tensor.from([[1, 2], [2, 1], [1, 1], [2, 2]], { dtype: 'int32' });
 * const a = Tensor.from([[0, 2, 1], [0, 1, 2], [0, 1, 1], [0, 2, 2]], { dtype: 'int32' });
 * const model = new Seq2seq({ vocabSize: 3, wordvecSize: 4, hiddenSize: 8 });
 * const result = trainSeq2seq(model, { train: { questions: q, answers: a }, test: { questions: q, answers: a } }, { epochs: 3, batchSize: 4 });
 * result.testAcc;
 * ```
 */
export function trainSeq2seq(model: Seq2seqModel, data: Seq2seqData, options: Seq2seqTrainOptions = {}): Seq2seqTrainResult {
  const trainer = new Seq2seqTrainer(model, data, options);
  while (!trainer.done) trainer.step();
  return trainer.result();
}
