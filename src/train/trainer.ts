import { NonFiniteError, ValueError } from '../errors/index.js';
import { BatchSampler, takeLabels, takeRows } from '../data/batches.js';
import { evaluate } from '../metrics/evaluate.js';
import { checkMetrics, pickScores, type MetricName, type Scores } from '../metrics/metric-names.js';
import { taskOf } from '../models/loss.js';
import type { Model } from '../models/model.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { SGD } from '../optimizers/sgd.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { checkSplit, checkTrainData } from './check-data.js';
import { EarlyStopping } from './early-stopping.js';
import { divergedError, explodedError } from './nan-guard.js';
import { LearningRateSchedule } from './schedule.js';
import type { EpochRecord, Split, StopReason, TrainData, TrainOptions, TrainResult, TrainerState } from './train-types.js';
import { splitValidation } from './validation-split.js';

export type { EpochControl, EpochRecord, Split, StopReason, TrainData, TrainOptions, TrainResult, TrainerState } from './train-types.js';

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
 * time: draw a batch, backprop, update, and evaluate the followed metrics on the
 * training, test and validation data after every epoch (⌈N / batch⌉ iterations)
 * and at the end. Early stopping and a learning-rate schedule act on those
 * evaluations. `state()` / `restore()` capture everything random or counted, so
 * a run that is saved and restored ends bit-identical to one that never stopped.
 */
export class Trainer {
  readonly iters: number;
  readonly perEpoch: number;
  readonly optimizer: Optimizer;
  /** The data trained and tested on (the training split without the validation samples it held back). */
  readonly data: TrainData;
  /** The validation data (null without validation). */
  readonly validation: Split | null;
  /** The metrics followed after every epoch (those of `options.metrics`, the loss and a classifier's accuracy). */
  readonly metrics: readonly MetricName[];
  iteration = 0;
  lossHistory: number[] = [];
  history: EpochRecord[] = [];
  private readonly batchRng: Rng;
  private readonly sampler: BatchSampler;
  private readonly evalBatchSize: number;
  private readonly evalLimit: number;
  private readonly nanGuard: boolean;
  private readonly earlyStopping: EarlyStopping | null;
  private readonly schedule: LearningRateSchedule | null;
  private stopped: Exclude<StopReason, 'done'> | null = null;
  private restoredEpoch: number | null = null;
  private sinceEval = 0;
  private sumSinceEval = 0;
  private secondsBefore = 0;
  private startedAt = performance.now();

  constructor(
    readonly model: Model,
    data: TrainData,
    readonly options: TrainOptions = {},
  ) {
    if (options.iters !== undefined && options.epochs !== undefined) throw new ValueError('train: give iters or epochs, not both');
    checkTrainData(model, data);
    const seed = options.seed ?? 0;
    const { validation } = options;
    if (typeof validation === 'number' || validation === undefined || validation === null) {
      const parts = typeof validation === 'number' ? splitValidation(data.train, validation, seed, model.lossName) : null;
      this.data = parts === null ? data : { ...data, train: parts.train };
      this.validation = parts?.validation ?? null;
    } else {
      checkSplit(model, validation, 'validation');
      this.data = data;
      this.validation = validation;
    }
    const n = this.data.train.images.shape[0]!;
    const batchSize = positiveInt('batchSize', options.batchSize, Math.min(100, n));
    if (batchSize > n) throw new ValueError(`train: batchSize ${batchSize} is larger than the ${n} training samples; use at most ${n} (without batchSize, batches of min(100, samples) are used)`);
    const task = taskOf(model.lossName);
    const always: readonly MetricName[] = task === 'classification' ? ['loss', 'accuracy'] : ['loss', 'mse', 'mae', 'r2'];
    this.metrics = [...new Set([...always, ...checkMetrics('train', options.metrics ?? [], task)])];
    this.optimizer = options.optimizer ?? new SGD(0.1);
    this.batchRng = new Rng(seed);
    this.sampler = new BatchSampler(n, batchSize, this.batchRng, options.sampling ?? 'shuffle');
    this.perEpoch = this.sampler.batchesPerEpoch;
    this.iters = options.epochs !== undefined ? positiveInt('epochs', options.epochs, 1) * this.perEpoch : positiveInt('iters', options.iters, 10000);
    this.evalBatchSize = positiveInt('evalBatchSize', options.evalBatchSize, model.inputShape.length > 1 ? 100 : 1000);
    this.nanGuard = options.nanGuard ?? true;
    this.evalLimit = positiveInt('evalLimit', options.evalLimit, Number.MAX_SAFE_INTEGER);
    if (options.earlyStopping !== undefined && this.validation === null) {
      throw new ValueError('train: earlyStopping watches the validation data; give validation too (a fraction such as 0.2, or { images, labels })');
    }
    this.earlyStopping = options.earlyStopping === undefined ? null : new EarlyStopping(options.earlyStopping, this.metrics);
    this.schedule = options.schedule === undefined ? null : new LearningRateSchedule(options.schedule, Math.ceil(this.iters / this.perEpoch), this.metrics);
    if (this.schedule !== null && this.optimizer.lrFactor === undefined) throw new ValueError(`train: a schedule sets the optimizer's lrFactor, which '${this.optimizer.name}' does not have; use one of scratchnet's optimizers`);
  }

  /** True once every iteration has run, or the run was stopped (early stopping, `onEpoch`, {@link Trainer.stop}). */
  get done(): boolean {
    return this.iteration >= this.iters || this.stopped !== null;
  }

  /** Why the run ended (null while it runs). */
  get stopReason(): StopReason | null {
    if (this.stopped !== null) return this.stopped;
    return this.iteration >= this.iters ? 'done' : null;
  }

  /** Ends the run: inside an epoch it evaluates as at a normal end, `done` turns true, and early stopping puts back its best parameters. */
  stop(): void {
    if (this.done) return;
    this.stopped = 'stopped';
    if (this.sinceEval > 0) this.evaluate();
    else this.finish();
  }

  /** Seconds of training so far, including any time before a restore. */
  get seconds(): number {
    return this.secondsBefore + (performance.now() - this.startedAt) / 1000;
  }

  /** The epoch the next step belongs to (from 1). */
  private get epoch(): number {
    return Math.floor(this.iteration / this.perEpoch) + 1;
  }

  /** The learning rate of the steps now: the optimizer's × the schedule's factor. */
  private get lr(): number {
    return (this.optimizer.hyper.lr ?? NaN) * (this.optimizer.lrFactor ?? 1);
  }

  /** The followed metrics on a split, or on its first `limit` samples. */
  private scoresOn(split: Split, limit: number): Scores {
    const n = Math.min(split.images.shape[0]!, limit);
    const all = n === split.images.shape[0];
    const images = all ? split.images : new Tensor(split.images.data.subarray(0, (split.images.size / split.images.shape[0]!) * n), [n, ...split.images.shape.slice(1)]);
    const labels = all ? split.labels : takeLabels(split.labels, Array.from({ length: n }, (_, i) => i));
    return pickScores(evaluate(this.model, { images, labels }, { batchSize: this.evalBatchSize }), this.metrics);
  }

  private evaluate(): void {
    const { data } = this;
    const train = this.scoresOn(data.train, this.evalLimit);
    const test = data.test ? this.scoresOn(data.test, this.evalLimit) : null;
    const validation = this.validation === null ? null : this.scoresOn(this.validation, Number.MAX_SAFE_INTEGER);
    const record: EpochRecord = {
      epoch: this.history.length + 1,
      iter: this.iteration,
      loss: this.sumSinceEval / Math.max(this.sinceEval, 1),
      trainAcc: train.accuracy ?? null,
      testAcc: test?.accuracy ?? null,
      train,
      test,
      validation,
      lr: this.lr,
      seconds: this.seconds,
    };
    this.history.push(record);
    this.sinceEval = 0;
    this.sumSinceEval = 0;
    const es = this.earlyStopping;
    if (es !== null && es.update(validation![es.monitor]!, record.epoch, this.model) && !this.done) this.stopped = 'early-stopping';
    const plateau = this.schedule?.monitor;
    if (plateau) this.schedule!.afterEpoch((validation ?? train)[plateau]!);
    let stop = false;
    const answer = this.options.onEpoch?.(record, { stop: () => (stop = true) });
    if ((answer === false || stop) && !this.done) this.stopped = 'stopped';
    if (this.done) this.finish();
  }

  /** At the end of a run: early stopping puts back the best epoch's parameters and buffers. */
  private finish(): void {
    if (this.earlyStopping?.restore(this.model)) this.restoredEpoch = this.earlyStopping.bestEpochSoFar;
  }

  /** One iteration: batch, forward, backward, update (and an evaluation at an epoch's end). */
  step(): void {
    if (this.done) return;
    const { model } = this;
    if (this.schedule !== null && this.iteration % this.perEpoch === 0) this.optimizer.lrFactor = this.schedule.factorFor(this.epoch);
    const idx = this.sampler.next();
    const x = takeRows(this.data.train.images, idx);
    const t = takeLabels(this.data.train.labels, idx);
    const i = this.iteration + 1;
    let result;
    try {
      result = model.lossAndGradient(x, t);
    } catch (e) {
      if (!(e instanceof NonFiniteError)) throw e;
      if (this.nanGuard) throw divergedError(model, x, t, i, 'the scores became non-finite', this.lr);
      // unguarded: the loss cannot be computed; record NaN and make no update
      this.record(i, NaN);
      return;
    }
    const { loss, grads } = result;
    if (this.nanGuard) {
      if (!Number.isFinite(loss)) throw divergedError(model, x, t, i, `the loss became ${loss}`, this.lr);
      for (const [name, g] of Object.entries(grads)) {
        if (!g.isFinite()) throw divergedError(model, x, t, i, `the gradient of ${name} became non-finite`, this.lr);
      }
    }
    if (this.nanGuard && this.exploded(loss)) throw explodedError(i, this.recentMean(loss), this.lossHistory[0] ?? loss, this.lr, model);
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

  /** The result so far (after at least one evaluation): the figures of the epoch whose parameters the model holds. */
  result(): TrainResult {
    const last = this.history[this.history.length - 1];
    if (last === undefined) throw new ValueError('train: no evaluation yet (train at least one epoch or to the end)');
    const held = this.restoredEpoch === null ? last : this.history[this.restoredEpoch - 1]!;
    return {
      iters: this.iteration,
      epochs: this.iteration / this.perEpoch,
      lossHistory: this.lossHistory,
      history: this.history,
      trainAcc: held.trainAcc,
      testAcc: held.testAcc,
      train: held.train,
      test: held.test,
      validation: held.validation,
      loss: held.loss,
      stopReason: this.stopReason ?? 'stopped',
      bestEpoch: this.restoredEpoch,
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
      stopped: this.stopped,
      earlyStopping: this.earlyStopping?.state() ?? null,
      schedule: this.schedule?.state() ?? null,
    };
  }

  /**
   * Continues from a saved state (the model's parameters and buffers are loaded separately). A state
   * without early-stopping or schedule progress (an older checkpoint) starts them afresh; a state with
   * progress this trainer has no use for is refused.
   */
  restore(s: TrainerState): void {
    if (!Number.isSafeInteger(s.iteration) || s.iteration < 0 || s.iteration > this.iters) {
      throw new ValueError(`Trainer.restore: iteration ${s.iteration} is outside 0 .. ${this.iters}`);
    }
    if ((s.earlyStopping ?? null) !== null && this.earlyStopping === null) throw new ValueError('Trainer.restore: the saved run stops early, this trainer has no earlyStopping; give the same options as the saved run');
    if ((s.schedule ?? null) !== null && this.schedule === null) throw new ValueError('Trainer.restore: the saved run has a learning-rate schedule, this trainer has none; give the same options as the saved run');
    if (s.stopped !== undefined && s.stopped !== null && s.stopped !== 'early-stopping' && s.stopped !== 'stopped') throw new ValueError(`Trainer.restore: stopped must be null, 'early-stopping' or 'stopped', got ${JSON.stringify(s.stopped)}`);
    this.batchRng.setState(s.batchRng);
    this.sampler.loadState(s.sampler);
    this.optimizer.loadState(s.optimizer);
    this.model.setRandomState(s.modelRandom);
    if (s.earlyStopping) this.earlyStopping!.loadState(s.earlyStopping);
    if (s.schedule) this.schedule!.loadState(s.schedule);
    this.iteration = s.iteration;
    this.lossHistory = [...s.lossHistory];
    this.history = [...s.history];
    this.sinceEval = s.sinceEval;
    this.sumSinceEval = s.sumSinceEval;
    this.stopped = s.stopped ?? null;
    this.secondsBefore = s.seconds;
    this.startedAt = performance.now();
    if (this.schedule !== null && !this.done) this.optimizer.lrFactor = this.schedule.factorFor(this.epoch);
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
