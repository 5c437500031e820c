/** The shapes of a training run: its data, options, per-epoch records, result and saved state. */
import type { LabelList, Sampling, SamplerState } from '../data/batches.js';
import type { MetricName, Scores } from '../metrics/metric-names.js';
import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';
import type { RngState } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { EarlyStoppingOptions, EarlyStoppingState } from './early-stopping.js';
import type { Schedule, ScheduleState } from './schedule.js';

/**
 * One split of a data set: samples (N, ...) and what the model should answer for each: class indices
 * (a list) or one-hot rows for softmax, numbers (a Tensor (N, outputs), or a list for one output) for
 * regression, 0/1 per column for yes/no labels.
 */
export interface Split {
  readonly images: Tensor;
  readonly labels: LabelList | Tensor;
}

/** What {@link train} learns from: a training split and, optionally, a test split. */
export interface TrainData {
  readonly train: Split;
  /** Evaluated after every epoch when given. */
  readonly test?: Split;
}

/** One evaluation, after each epoch and at the end. */
export interface EpochRecord {
  readonly epoch: number;
  readonly iter: number;
  /** Mean training loss over the iterations since the previous record (train mode: dropout on, weight decay in). */
  readonly loss: number;
  /** Accuracy on the training split, as in `train` (null for regression). */
  readonly trainAcc: number | null;
  /** Accuracy on the test split (null without one, or for regression). */
  readonly testAcc: number | null;
  /** The followed `metrics` on the training split at the epoch's end, in eval mode: e.g. `{ loss, accuracy }` or `{ loss, mse, mae, r2 }`. */
  readonly train: Scores;
  /** The same on the test split; null without one. */
  readonly test: Scores | null;
  /** The same on the validation data; null without validation. */
  readonly validation: Scores | null;
  /** The learning rate the epoch's steps used: the optimizer's rate × the schedule's factor. */
  readonly lr: number;
  readonly seconds: number;
}

/** What `onEpoch` may do besides looking: stop the run after this evaluation. */
export interface EpochControl {
  /** Ends training after this evaluation (as returning false does). */
  stop(): void;
}

/** Why a run ended: all its iterations, early stopping, or a stop from `onEpoch` / `Trainer.stop()`. */
export type StopReason = 'done' | 'early-stopping' | 'stopped';

/** Options of {@link train} and {@link Trainer}. */
export interface TrainOptions {
  /** Default: SGD with lr 0.1 (the book's chapter 5). */
  readonly optimizer?: Optimizer;
  /** Number of iterations (default 10,000), or give `epochs` instead. */
  readonly iters?: number;
  readonly epochs?: number;
  /** Samples per step (default 100, or all of them when there are fewer); more than the samples is an error. */
  readonly batchSize?: number;
  /** Seed of the batch order and of the validation split (default 0). */
  readonly seed?: number;
  readonly sampling?: Sampling;
  /**
   * Validation data, evaluated after every epoch: a fraction of the training split held back (0.2:
   * a fifth, stratified by class for a classifier, drawn from `seed`), or a split of its own.
   */
  readonly validation?: number | Split;
  /** Stop when the validation `monitor` stops improving, and by default put back the best epoch's parameters. Needs `validation`. */
  readonly earlyStopping?: EarlyStoppingOptions;
  /** The learning rate per epoch, as a factor on the optimizer's: step, cosine, reduce-on-plateau, or a function of the epoch. */
  readonly schedule?: Schedule;
  /**
   * Batch size for the evaluation passes (default 1000 for flat input, 100 for images: a conv net's
   * im2col of 1000 images takes hundreds of megabytes, and larger batches are not faster).
   */
  readonly evalBatchSize?: number;
  /** Evaluate on at most the first N samples of the training and test splits (default: all of them), for quick progress on large data. */
  readonly evalLimit?: number;
  /**
   * The metrics followed after every epoch on each split. Default: `['loss', 'accuracy']` for a
   * classifier (add 'precision', 'recall', 'f1'), `['loss', 'mse', 'mae', 'r2']` for regression;
   * the loss, and a classifier's accuracy, are always among them.
   */
  readonly metrics?: readonly MetricName[];
  /**
   * Stop with a TrainingDivergedError when the loss or a gradient is non-finite, or when the loss
   * explodes (the mean of the last 10 losses above 100 × max(1, the first loss)); default true.
   * Without it, an iteration whose loss cannot be computed is recorded as NaN and makes no update.
   */
  readonly nanGuard?: boolean;
  /** Called after every iteration with its loss. */
  readonly onIteration?: (info: { readonly iter: number; readonly iters: number; readonly loss: number }) => void;
  /** Called after every evaluation (each epoch and the end); returning false, or calling `control.stop()`, ends the run there. */
  readonly onEpoch?: (record: EpochRecord, control: EpochControl) => unknown;
}

/** What {@link train} returns: the histories, and the figures of the parameters the model ends with. */
export interface TrainResult {
  /** Iterations trained (fewer than asked for when the run stopped early). */
  readonly iters: number;
  readonly epochs: number;
  /** Training loss of every iteration. */
  readonly lossHistory: readonly number[];
  readonly history: readonly EpochRecord[];
  /** Accuracies of the final record, or of the best epoch's when early stopping put its parameters back (null for regression, and without a test split). */
  readonly trainAcc: number | null;
  readonly testAcc: number | null;
  /** That record's metrics on each split. */
  readonly train: Scores;
  readonly test: Scores | null;
  readonly validation: Scores | null;
  /** That record's mean training loss. */
  readonly loss: number;
  /** Why the run ended. */
  readonly stopReason: StopReason;
  /** The epoch whose parameters early stopping put back (null when nothing was put back). */
  readonly bestEpoch: number | null;
  readonly seconds: number;
}

/** Everything a Trainer needs to continue exactly where it was (see checkpoint.ts for the file). */
export interface TrainerState {
  readonly iteration: number;
  readonly lossHistory: readonly number[];
  readonly history: readonly EpochRecord[];
  readonly sinceEval: number;
  readonly sumSinceEval: number;
  readonly seconds: number;
  readonly batchRng: RngState;
  readonly sampler: SamplerState;
  readonly optimizer: OptimizerState;
  readonly modelRandom: readonly RngState[];
  /** Set once the run has stopped before its last iteration. */
  readonly stopped: Exclude<StopReason, 'done'> | null;
  /** Early stopping's progress (null without early stopping). */
  readonly earlyStopping: EarlyStoppingState | null;
  /** The schedule's progress (null without a schedule). */
  readonly schedule: ScheduleState | null;
}
