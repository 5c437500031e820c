import { ValueError } from '../errors/index.js';
import type { TensorRecord } from '../layers/layer.js';
import { higherIsBetter, type MetricName } from '../metrics/metric-names.js';
import type { Model } from '../models/model.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of early stopping: stop when the validation `monitor` has not improved for `patience` evaluations. */
export interface EarlyStoppingOptions {
  /** Evaluations (epochs) without improvement before stopping. */
  readonly patience: number;
  /** The validation metric watched (default 'loss'; accuracy, F1 and R² count up, losses and errors down). */
  readonly monitor?: MetricName;
  /** An improvement must beat the best by more than this (default 0). */
  readonly minDelta?: number;
  /** When training ends, put back the parameters and buffers of the best epoch, kept in memory (default true). */
  readonly restoreBest?: boolean;
}

/** Early stopping's progress, for checkpoints: the best value so far, its epoch, the epochs since, and the best parameters. */
export interface EarlyStoppingState {
  /** The best monitored value (NaN before the first evaluation). */
  readonly best: number;
  /** Its epoch (0 before the first evaluation). */
  readonly bestEpoch: number;
  readonly wait: number;
  /** The parameters and buffers of the best epoch (null when not restoring, or before the first evaluation). */
  readonly params: TensorRecord | null;
  readonly buffers: TensorRecord | null;
}

const copies = (record: Readonly<TensorRecord>): TensorRecord => Object.fromEntries(Object.entries(record).map(([k, t]) => [k, t.clone()]));

/**
 * Watches one validation metric after every evaluation, keeps a copy of the best epoch's parameters
 * and buffers, and says when to stop.
 */
export class EarlyStopping {
  readonly patience: number;
  readonly monitor: MetricName;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  private best = NaN;
  private bestEpoch = 0;
  private wait = 0;
  private bestParams: TensorRecord | null = null;
  private bestBuffers: TensorRecord | null = null;

  constructor(options: EarlyStoppingOptions, metrics: readonly MetricName[]) {
    if (options === null || typeof options !== 'object') throw new ValueError(`train: earlyStopping must be an object such as { patience: 5 }, got ${JSON.stringify(options)}`);
    const known = ['patience', 'monitor', 'minDelta', 'restoreBest'];
    const unknown = Object.keys(options).filter((k) => !known.includes(k));
    if (unknown.length > 0) throw new ValueError(`train: earlyStopping has unknown option ${JSON.stringify(unknown[0])}; known: ${known.join(', ')}`);
    const { patience, monitor = 'loss', minDelta = 0, restoreBest = true } = options;
    if (!Number.isSafeInteger(patience) || patience < 1) throw new ValueError(`train: earlyStopping.patience must be a positive integer (epochs without improvement), got ${JSON.stringify(patience)}`);
    if (!metrics.includes(monitor)) throw new ValueError(`train: earlyStopping.monitor ${JSON.stringify(monitor)} is not followed on this run; use one of ${metrics.join(', ')}`);
    if (typeof minDelta !== 'number' || !(minDelta >= 0) || !Number.isFinite(minDelta)) throw new ValueError(`train: earlyStopping.minDelta must be a finite number ≥ 0, got ${JSON.stringify(minDelta)}`);
    if (typeof restoreBest !== 'boolean') throw new ValueError(`train: earlyStopping.restoreBest must be true or false, got ${JSON.stringify(restoreBest)}`);
    this.patience = patience;
    this.monitor = monitor;
    this.minDelta = minDelta;
    this.restoreBest = restoreBest;
  }

  /** The epoch of the best value so far (0 before any). */
  get bestEpochSoFar(): number {
    return this.bestEpoch;
  }

  /** Takes the epoch's monitored value; true when the run should stop. A NaN never improves. */
  update(value: number, epoch: number, model: Model): boolean {
    const better = higherIsBetter(this.monitor) ? value > this.best + this.minDelta : value < this.best - this.minDelta;
    if (Number.isNaN(this.best) ? !Number.isNaN(value) : better) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBest) {
        this.bestParams = copies(model.params);
        this.bestBuffers = copies(model.buffers);
      }
      return false;
    }
    this.wait++;
    return this.wait >= this.patience;
  }

  /** Puts the best epoch's parameters and buffers back into the model (when restoring and there is one); true when it did. */
  restore(model: Model): boolean {
    if (!this.restoreBest || this.bestParams === null) return false;
    model.setParams(this.bestParams);
    model.setBuffers(this.bestBuffers!);
    return true;
  }

  /** The progress so far, for a checkpoint. */
  state(): EarlyStoppingState {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait, params: this.bestParams, buffers: this.bestBuffers };
  }

  /** Continues from a saved state. */
  loadState(s: EarlyStoppingState): void {
    const counts = Number.isSafeInteger(s.bestEpoch) && s.bestEpoch >= 0 && Number.isSafeInteger(s.wait) && s.wait >= 0;
    if (!counts || typeof s.best !== 'number') throw new ValueError(`EarlyStopping.loadState: expected { best, bestEpoch, wait } with counts ≥ 0, got ${JSON.stringify({ best: s.best, bestEpoch: s.bestEpoch, wait: s.wait })}`);
    if (this.restoreBest && s.bestEpoch > 0 && s.params === null) throw new ValueError('EarlyStopping.loadState: the saved state has no best parameters, but this run restores them (restoreBest)');
    const own = (r: TensorRecord | null) => (r === null || !this.restoreBest ? null : Object.fromEntries(Object.entries(r).map(([k, t]) => [k, t instanceof Tensor ? t.clone() : t])));
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.wait = s.wait;
    this.bestParams = own(s.params);
    this.bestBuffers = own(s.buffers) ?? (this.bestParams === null ? null : {});
  }
}
