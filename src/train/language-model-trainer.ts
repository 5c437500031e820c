import { ValueError } from '../errors/index.js';
import { TimeBatcher, type TimeBatcherState } from '../data/time-batches.js';
import { perplexity } from '../metrics/perplexity.js';
import type { LanguageModel } from '../models/sequence-model.js';
import { SGD } from '../optimizers/sgd.js';
import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';
import type { RngState } from '../random/rng.js';
import { checkMaxGrad, positive, sequenceStep } from './sequence-step.js';
import type { EpochControl } from './train-types.js';

/** One evaluation of a language model, after each epoch. */
export interface LanguageModelEpoch {
  readonly epoch: number;
  readonly iter: number;
  /** Mean training loss over the epoch's iterations (train mode). */
  readonly loss: number;
  /** e^loss: the training perplexity of the epoch, as the book prints it. */
  readonly perplexity: number;
  /** Perplexity on the validation corpus (eval mode), null without one. */
  readonly validationPerplexity: number | null;
  readonly seconds: number;
}

/** Options of {@link LanguageModelTrainer} and {@link trainLanguageModel}; the defaults are the book's train_rnnlm.py. */
export interface LanguageModelTrainOptions {
  /** Default SGD with lr 20, as the book. */
  readonly optimizer?: Optimizer;
  /** Passes over the corpus (default 1). */
  readonly epochs?: number;
  /** Rows read side by side (default 20). */
  readonly batchSize?: number;
  /** Time steps per batch: how far back the gradient flows (truncated BPTT; default 35). */
  readonly timeSize?: number;
  /** Clip the gradients' global norm to this (the book: 0.25); null for none (default). */
  readonly maxGrad?: number | null;
  /** A held-out corpus whose perplexity is measured after every epoch. */
  readonly validation?: Int32Array;
  /** Stop with a TrainingDivergedError when the loss or a gradient is non-finite (default true). */
  readonly nanGuard?: boolean;
  /** Called after every iteration with its loss. */
  readonly onIteration?: (info: { readonly iter: number; readonly iters: number; readonly loss: number }) => void;
  /** Called after every epoch; returning false or calling control.stop() ends the run there. */
  readonly onEpoch?: (record: LanguageModelEpoch, control: EpochControl) => unknown;
}

/** Everything a LanguageModelTrainer needs to continue where it was. */
export interface LanguageModelTrainerState {
  readonly iteration: number;
  readonly lossHistory: readonly number[];
  readonly history: readonly LanguageModelEpoch[];
  readonly batcher: TimeBatcherState;
  readonly optimizer: OptimizerState;
  readonly modelRandom: readonly RngState[];
  readonly stopped: boolean;
  readonly seconds: number;
}

/** What a language model's training returns. */
export interface LanguageModelTrainResult {
  readonly iters: number;
  readonly lossHistory: readonly number[];
  readonly history: readonly LanguageModelEpoch[];
  readonly seconds: number;
}

/**
 * Trains a language model on one long corpus with truncated backpropagation through time, the book's
 * RnnlmTrainer: each step reads `batchSize` rows of `timeSize` ids (see {@link TimeBatcher}), the
 * stateful LSTM carries its state from one batch to the next while the gradient stops at the batch's
 * start, and the gradients are clipped to `maxGrad` by their global norm before the update. The state
 * is reset at each epoch's end, where the perplexity is measured (as train_better_rnnlm.py does).
 */
export class LanguageModelTrainer {
  readonly optimizer: Optimizer;
  readonly iters: number;
  readonly perEpoch: number;
  iteration = 0;
  lossHistory: number[] = [];
  history: LanguageModelEpoch[] = [];
  private readonly batcher: TimeBatcher;
  private readonly maxGrad: number | null;
  private stopped = false;
  private sum = 0;
  private count = 0;
  private secondsBefore = 0;
  private startedAt = performance.now();

  constructor(
    readonly model: LanguageModel,
    corpus: Int32Array,
    readonly options: LanguageModelTrainOptions = {},
  ) {
    const where = 'trainLanguageModel';
    if (model?.task !== 'language-model') throw new ValueError(`${where}: expected a language model (Rnnlm, BetterRnnlm), got ${model?.task ?? typeof model}`);
    this.optimizer = options.optimizer ?? new SGD(20);
    this.maxGrad = checkMaxGrad(where, options.maxGrad, null);
    this.batcher = new TimeBatcher(corpus, positive(where, 'batchSize', options.batchSize, 20), positive(where, 'timeSize', options.timeSize, 35));
    this.perEpoch = this.batcher.itersPerEpoch;
    this.iters = positive(where, 'epochs', options.epochs, 1) * this.perEpoch;
    if (options.validation !== undefined && !(options.validation instanceof Int32Array)) throw new ValueError(`${where}: validation must be an Int32Array corpus of ids`);
  }

  /** True once every iteration has run or the run was stopped. */
  get done(): boolean {
    return this.stopped || this.iteration >= this.iters;
  }

  /** Seconds of training so far, including any before a restore. */
  get seconds(): number {
    return this.secondsBefore + (performance.now() - this.startedAt) / 1000;
  }

  /** One iteration: the next batch, forward, backward, clip, update (and an evaluation at an epoch's end). */
  step(): void {
    if (this.done) return;
    const { xs, ts } = this.batcher.next();
    const i = this.iteration + 1;
    const loss = sequenceStep(this.model, this.optimizer, xs, ts, this.maxGrad, i, this.options.nanGuard ?? true, this.lossHistory);
    this.iteration = i;
    this.lossHistory.push(loss);
    this.sum += loss;
    this.count++;
    this.options.onIteration?.({ iter: i, iters: this.iters, loss });
    if (i % this.perEpoch === 0 || i === this.iters) this.evaluate();
  }

  private evaluate(): void {
    const loss = this.sum / Math.max(this.count, 1);
    let validationPerplexity: number | null = null;
    if (this.options.validation !== undefined) {
      validationPerplexity = perplexity(this.model, this.options.validation, { batchSize: this.batcher.batchSize, timeSize: this.batcher.timeSize });
    }
    const record: LanguageModelEpoch = { epoch: this.history.length + 1, iter: this.iteration, loss, perplexity: Math.exp(loss), validationPerplexity, seconds: this.seconds };
    this.history.push(record);
    this.model.resetState(); // each epoch starts from zeros, so a run saved at an epoch's end continues exactly
    this.sum = 0;
    this.count = 0;
    let stop = false;
    const answer = this.options.onEpoch?.(record, { stop: () => (stop = true) });
    if ((answer === false || stop) && !this.done) this.stopped = true;
  }

  /** The histories so far. */
  result(): LanguageModelTrainResult {
    return { iters: this.iteration, lossHistory: this.lossHistory, history: this.history, seconds: this.seconds };
  }

  /** Everything counted or drawn, for a checkpoint. */
  state(): LanguageModelTrainerState {
    return {
      iteration: this.iteration, lossHistory: [...this.lossHistory], history: [...this.history], batcher: this.batcher.state(),
      optimizer: this.optimizer.state(), modelRandom: this.model.randomState(), stopped: this.stopped, seconds: this.seconds,
    };
  }

  /**
   * Continues from a saved state (the model's parameters are loaded separately). The LSTM's carried state
   * is not saved: the run continues from a reset state, exactly as the unbroken run when it was saved at
   * an epoch's end.
   */
  restore(s: LanguageModelTrainerState): void {
    if (!Number.isSafeInteger(s.iteration) || s.iteration < 0 || s.iteration > this.iters) throw new ValueError(`LanguageModelTrainer.restore: iteration ${s.iteration} is outside 0 .. ${this.iters}`);
    this.batcher.loadState(s.batcher);
    this.optimizer.loadState(s.optimizer);
    this.model.setRandomState(s.modelRandom);
    this.model.resetState();
    this.iteration = s.iteration;
    this.lossHistory = [...s.lossHistory];
    this.history = [...s.history];
    const since = s.iteration % this.perEpoch;
    const recent = s.lossHistory.slice(s.lossHistory.length - since);
    this.sum = recent.reduce((a, b) => a + b, 0);
    this.count = recent.length;
    this.stopped = s.stopped;
    this.secondsBefore = s.seconds;
    this.startedAt = performance.now();
  }
}

/**
 * Trains a language model to the end (see {@link LanguageModelTrainer}) and returns the histories.
 *
 * @example
 * ```ts
 * import { Rnnlm, SGD, trainLanguageModel } from 'scratchnet';
 * const corpus = Int32Array.from({ length: 300 }, (_, i) => i % 5);
 * const model = new Rnnlm({ vocabSize: 5, wordvecSize: 4, hiddenSize: 8 });
 * const result = trainLanguageModel(model, corpus, { optimizer: new SGD(1), maxGrad: 0.25, batchSize: 5, timeSize: 10, epochs: 2 });
 * result.history.map((e) => e.perplexity);
 * ```
 */
export function trainLanguageModel(model: LanguageModel, corpus: Int32Array, options: LanguageModelTrainOptions = {}): LanguageModelTrainResult {
  const trainer = new LanguageModelTrainer(model, corpus, options);
  while (!trainer.done) trainer.step();
  return trainer.result();
}
