import { NonFiniteError, ValueError } from '../errors/index.js';
import { BatchSampler, takeLabels, takeRows, type LabelList, type Sampling, type SamplerState } from '../data/batches.js';
import { evaluate } from '../metrics/evaluate.js';
import { checkMetrics, pickScores, type MetricName, type Scores } from '../metrics/metric-names.js';
import { taskOf } from '../models/loss.js';
import type { Model } from '../models/model.js';
import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';
import { SGD } from '../optimizers/sgd.js';
import { Rng, type RngState } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTrainData } from './check-data.js';
import { divergedError, explodedError } from './nan-guard.js';

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
  readonly seconds: number;
}

/** Options of {@link train} and {@link Trainer}. */
export interface TrainOptions {
  /** Default: SGD with lr 0.1 (the book's chapter 5). */
  readonly optimizer?: Optimizer;
  /** Number of iterations (default 10,000), or give `epochs` instead. */
  readonly iters?: number;
  readonly epochs?: number;
  /** Samples per step (default 100, or all of them when there are fewer); more than the samples is an error. */
  readonly batchSize?: number;
  /** Seed of the batch order (default 0). */
  readonly seed?: number;
  readonly sampling?: Sampling;
  /**
   * Batch size for the evaluation passes (default 1000 for flat input, 100 for images: a conv net's
   * im2col of 1000 images takes hundreds of megabytes, and larger batches are not faster).
   */
  readonly evalBatchSize?: number;
  /** Evaluate on at most the first N samples of each split (default: all of them), for quick progress on large data. */
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
  /** Called after every evaluation (each epoch and the end). */
  readonly onEpoch?: (record: EpochRecord) => void;
}

/** What {@link train} returns: the histories and the final figures. */
export interface TrainResult {
  readonly iters: number;
  readonly epochs: number;
  /** Training loss of every iteration. */
  readonly lossHistory: readonly number[];
  readonly history: readonly EpochRecord[];
  /** The last record's accuracies (null for regression, and without a test split). */
  readonly trainAcc: number | null;
  readonly testAcc: number | null;
  /** The last record's metrics on each split. */
  readonly train: Scores;
  readonly test: Scores | null;
  /** Mean training loss since the previous evaluation. */
  readonly loss: number;
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
}

// a mean over 10 iterations lets one bad batch pass; 100 × the first loss is far beyond any recovering run
const EXPLODE_WINDOW = 10;
const EXPLODE_FACTOR = 100;

function positiveInt(name: string, v: number | undefined, fallback: number): number {
  const x = v ?? fallback;
  if (!Number.isSafeInteger(x) || x <= 0) throw new ValueError(`train: ${name} must be a positive integer, got ${x}`);
  return x;
}

/**
 * Mini-batch training as in the book's train_neuralnet.py, one `step()` at a
 * time: draw a batch, backprop, update, and evaluate train and test accuracy
 * over the full sets after every epoch (⌈N / batch⌉ iterations) and at the end.
 * `state()` / `restore()` capture everything random or counted, so a run that
 * is saved and restored ends bit-identical to one that never stopped.
 */
export class Trainer {
  readonly iters: number;
  readonly perEpoch: number;
  readonly optimizer: Optimizer;
  iteration = 0;
  lossHistory: number[] = [];
  history: EpochRecord[] = [];
  private readonly batchRng: Rng;
  private readonly sampler: BatchSampler;
  private readonly evalBatchSize: number;
  private readonly evalLimit: number;
  private readonly metrics: readonly MetricName[];
  private readonly nanGuard: boolean;
  private sinceEval = 0;
  private sumSinceEval = 0;
  private secondsBefore = 0;
  private startedAt = performance.now();

  constructor(
    readonly model: Model,
    readonly data: TrainData,
    readonly options: TrainOptions = {},
  ) {
    if (options.iters !== undefined && options.epochs !== undefined) throw new ValueError('train: give iters or epochs, not both');
    checkTrainData(model, data);
    const n = data.train.images.shape[0] ?? 0;
    const batchSize = positiveInt('batchSize', options.batchSize, Math.min(100, n));
    if (batchSize > n) throw new ValueError(`train: batchSize ${batchSize} is larger than the ${n} training samples; use at most ${n} (without batchSize, batches of min(100, samples) are used)`);
    const task = taskOf(model.lossName);
    const always: readonly MetricName[] = task === 'classification' ? ['loss', 'accuracy'] : ['loss', 'mse', 'mae', 'r2'];
    this.metrics = [...new Set([...always, ...checkMetrics('train', options.metrics ?? [], task)])];
    this.optimizer = options.optimizer ?? new SGD(0.1);
    this.batchRng = new Rng(options.seed ?? 0);
    this.sampler = new BatchSampler(n, batchSize, this.batchRng, options.sampling ?? 'shuffle');
    this.perEpoch = this.sampler.batchesPerEpoch;
    this.iters = options.epochs !== undefined ? positiveInt('epochs', options.epochs, 1) * this.perEpoch : positiveInt('iters', options.iters, 10000);
    this.evalBatchSize = positiveInt('evalBatchSize', options.evalBatchSize, model.inputShape.length > 1 ? 100 : 1000);
    this.nanGuard = options.nanGuard ?? true;
    this.evalLimit = positiveInt('evalLimit', options.evalLimit, Number.MAX_SAFE_INTEGER);
  }

  get done(): boolean {
    return this.iteration >= this.iters;
  }

  /** Seconds of training so far, including any time before a restore. */
  get seconds(): number {
    return this.secondsBefore + (performance.now() - this.startedAt) / 1000;
  }

  /** The followed metrics on a split, or on its first `evalLimit` samples. */
  private scoresOn(split: Split): Scores {
    const n = Math.min(split.images.shape[0]!, this.evalLimit);
    const all = n === split.images.shape[0];
    const images = all ? split.images : new Tensor(split.images.data.subarray(0, (split.images.size / split.images.shape[0]!) * n), [n, ...split.images.shape.slice(1)]);
    const labels = all ? split.labels : takeLabels(split.labels, Array.from({ length: n }, (_, i) => i));
    return pickScores(evaluate(this.model, { images, labels }, { batchSize: this.evalBatchSize }), this.metrics);
  }

  private evaluate(): void {
    const { data } = this;
    const train = this.scoresOn(data.train);
    const test = data.test ? this.scoresOn(data.test) : null;
    const record: EpochRecord = {
      epoch: this.history.length + 1,
      iter: this.iteration,
      loss: this.sumSinceEval / Math.max(this.sinceEval, 1),
      trainAcc: train.accuracy ?? null,
      testAcc: test?.accuracy ?? null,
      train,
      test,
      seconds: this.seconds,
    };
    this.history.push(record);
    this.sinceEval = 0;
    this.sumSinceEval = 0;
    this.options.onEpoch?.(record);
  }

  /** One iteration: batch, forward, backward, update (and an evaluation at an epoch's end). */
  step(): void {
    if (this.done) return;
    const { model } = this;
    const idx = this.sampler.next();
    const x = takeRows(this.data.train.images, idx);
    const t = takeLabels(this.data.train.labels, idx);
    const i = this.iteration + 1;
    let result;
    try {
      result = model.lossAndGradient(x, t);
    } catch (e) {
      if (!(e instanceof NonFiniteError)) throw e;
      if (this.nanGuard) throw divergedError(model, x, t, i, 'the scores became non-finite', this.optimizer.hyper.lr);
      // unguarded: the loss cannot be computed; record NaN and make no update
      this.record(i, NaN);
      return;
    }
    const { loss, grads } = result;
    if (this.nanGuard) {
      if (!Number.isFinite(loss)) throw divergedError(model, x, t, i, `the loss became ${loss}`, this.optimizer.hyper.lr);
      for (const [name, g] of Object.entries(grads)) {
        if (!g.isFinite()) throw divergedError(model, x, t, i, `the gradient of ${name} became non-finite`, this.optimizer.hyper.lr);
      }
    }
    if (this.nanGuard && this.exploded(loss)) throw explodedError(i, this.recentMean(loss), this.lossHistory[0] ?? loss, this.optimizer.hyper.lr, model);
    this.optimizer.update(model.params, grads);
    this.record(i, loss);
  }

  private recentMean(loss: number): number {
    const recent = [...this.lossHistory.slice(-(EXPLODE_WINDOW - 1)), loss];
    return recent.reduce((a, b) => a + b, 0) / recent.length;
  }

  /** Whether the recent losses have grown far past the first: finite, but diverged. */
  private exploded(loss: number): boolean {
    const first = this.lossHistory[0] ?? loss;
    return this.recentMean(loss) > EXPLODE_FACTOR * Math.max(1, Math.abs(first));
  }

  private record(i: number, loss: number): void {
    this.iteration = i;
    this.lossHistory.push(loss);
    this.sinceEval++;
    this.sumSinceEval += loss;
    this.options.onIteration?.({ iter: i, iters: this.iters, loss });
    if (i % this.perEpoch === 0 || i === this.iters) this.evaluate();
  }

  /** The result so far (after at least one evaluation). */
  result(): TrainResult {
    const last = this.history[this.history.length - 1];
    if (last === undefined) throw new ValueError('train: no evaluation yet (train at least one epoch or to the end)');
    return {
      iters: this.iters,
      epochs: this.iters / this.perEpoch,
      lossHistory: this.lossHistory,
      history: this.history,
      trainAcc: last.trainAcc,
      testAcc: last.testAcc,
      train: last.train,
      test: last.test,
      loss: last.loss,
      seconds: this.seconds,
    };
  }

  /** Everything random or counted, for a checkpoint; {@link Trainer.restore} continues from it. */
  state(): TrainerState {
    return {
      iteration: this.iteration,
      lossHistory: [...this.lossHistory],
      history: [...this.history],
      sinceEval: this.sinceEval,
      sumSinceEval: this.sumSinceEval,
      seconds: this.seconds,
      batchRng: this.batchRng.state(),
      sampler: this.sampler.state(),
      optimizer: this.optimizer.state(),
      modelRandom: this.model.randomState(),
    };
  }

  /** Continues from a saved state (the model's parameters and buffers are loaded separately). */
  restore(s: TrainerState): void {
    if (!Number.isSafeInteger(s.iteration) || s.iteration < 0 || s.iteration > this.iters) {
      throw new ValueError(`Trainer.restore: iteration ${s.iteration} is outside 0 .. ${this.iters}`);
    }
    this.batchRng.setState(s.batchRng);
    this.sampler.loadState(s.sampler);
    this.optimizer.loadState(s.optimizer);
    this.model.setRandomState(s.modelRandom);
    this.iteration = s.iteration;
    this.lossHistory = [...s.lossHistory];
    this.history = [...s.history];
    this.sinceEval = s.sinceEval;
    this.sumSinceEval = s.sumSinceEval;
    this.secondsBefore = s.seconds;
    this.startedAt = performance.now();
  }
}

/**
 * Trains `model` to the end (see {@link Trainer}) and returns the result.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, SGD, loadMnist, train } from 'scratchnet';
 * const data = loadMnist({ trainLimit: 5000, testLimit: 1000 });
 * const net = new TwoLayerNet(784, 50, 10);
 * const result = train(net, data, { optimizer: new SGD(0.1), iters: 500, batchSize: 100 });
 * console.log(result.testAcc);
 * ```
 */
export function train(model: Model, data: TrainData, options: TrainOptions = {}): TrainResult {
  const trainer = new Trainer(model, data, options);
  while (!trainer.done) trainer.step();
  return trainer.result();
}
