import { ValueError } from '../errors/index.js';
import { higherIsBetter, type MetricName } from '../metrics/metric-names.js';

/**
 * A learning-rate schedule as plain JSON: the factor on the optimizer's learning rate for each epoch.
 * - `step`: × `factor` (default 0.1) every `every` epochs;
 * - `cosine`: from 1 down to `minFactor` (default 0) along half a cosine over `epochs` (default the run's);
 * - `reduce-on-plateau`: × `factor` (default 0.1) when the `monitor` (default 'loss', on the
 *   validation data, or the training split without any) has not improved for `patience` epochs, down to `minFactor`.
 */
export type ScheduleSpec =
  | { readonly type: 'step'; readonly every: number; readonly factor?: number }
  | { readonly type: 'cosine'; readonly epochs?: number; readonly minFactor?: number }
  | { readonly type: 'reduce-on-plateau'; readonly patience: number; readonly factor?: number; readonly monitor?: MetricName; readonly minFactor?: number; readonly minDelta?: number };

/** A schedule: a {@link ScheduleSpec}, or a function giving the factor for an epoch (counted from 1, like EpochRecord.epoch). */
export type Schedule = ScheduleSpec | ((epoch: number) => number);

/** A schedule's progress, for checkpoints: the factor now, and (reduce-on-plateau) the best value and the epochs since. */
export interface ScheduleState {
  readonly factor: number;
  readonly best: number;
  readonly wait: number;
}

const FIELDS: Record<string, readonly string[]> = {
  step: ['every', 'factor'],
  cosine: ['epochs', 'minFactor'],
  'reduce-on-plateau': ['patience', 'factor', 'monitor', 'minFactor', 'minDelta'],
};

/** The factor each epoch trains with, from a {@link Schedule}. */
export class LearningRateSchedule {
  private factor = 1;
  private best = NaN;
  private wait = 0;
  private readonly spec: Required<Extract<ScheduleSpec, { type: 'reduce-on-plateau' }>> | null = null;

  constructor(
    private readonly schedule: Schedule,
    /** The run's epochs, for cosine (the last may be partial). */
    private readonly epochs: number,
    metrics: readonly MetricName[],
  ) {
    if (typeof schedule === 'function') return;
    const bad = (why: string): never => {
      throw new ValueError(`train: schedule ${why}`);
    };
    if (schedule === null || typeof schedule !== 'object' || !(String(schedule.type) in FIELDS)) bad(`must be { type: 'step' | 'cosine' | 'reduce-on-plateau', ... } or a function of the epoch, got ${JSON.stringify(schedule)}`);
    const extra = Object.keys(schedule).filter((k) => k !== 'type' && !FIELDS[schedule.type]!.includes(k));
    if (extra.length > 0) bad(`'${schedule.type}' has unknown field ${JSON.stringify(extra[0])}; allowed: ${FIELDS[schedule.type]!.join(', ')}`);
    const s = schedule as Record<string, unknown>;
    const count = (k: string, fallback?: number) => {
      const v = s[k] ?? fallback;
      if (!Number.isSafeInteger(v) || (v as number) < 1) bad(`'${schedule.type}' needs ${k} as a positive integer (epochs), got ${JSON.stringify(s[k])}`);
      return v as number;
    };
    const ratio = (k: string, fallback: number, lo: number, loIncluded: boolean) => {
      const v = s[k] ?? fallback;
      if (typeof v !== 'number' || !(loIncluded ? v >= lo : v > lo) || !(v < 1)) bad(`'${schedule.type}' needs ${k} as a number in ${loIncluded ? '[' : '('}${lo}, 1), got ${JSON.stringify(s[k])}`);
      return v as number;
    };
    if (schedule.type === 'step') {
      count('every');
      ratio('factor', 0.1, 0, false);
    }
    if (schedule.type === 'cosine') {
      count('epochs', Math.max(1, epochs));
      ratio('minFactor', 0, 0, true);
    }
    if (schedule.type === 'reduce-on-plateau') {
      const monitor = (s.monitor ?? 'loss') as MetricName;
      if (!metrics.includes(monitor)) bad(`'reduce-on-plateau' monitor ${JSON.stringify(monitor)} is not followed on this run; use one of ${metrics.join(', ')}`);
      const minDelta = s.minDelta ?? 0;
      if (typeof minDelta !== 'number' || !(minDelta >= 0) || !Number.isFinite(minDelta)) bad(`'reduce-on-plateau' needs minDelta as a finite number ≥ 0, got ${JSON.stringify(minDelta)}`);
      this.spec = { type: 'reduce-on-plateau', patience: count('patience'), factor: ratio('factor', 0.1, 0, false), monitor, minFactor: ratio('minFactor', 0, 0, true), minDelta: minDelta as number };
    }
  }

  /** The validation (or training) metric reduce-on-plateau watches; null for the other schedules. */
  get monitor(): MetricName | null {
    return this.spec?.monitor ?? null;
  }

  /** The factor for an epoch (from 1), taken before its first step. */
  factorFor(epoch: number): number {
    const s = this.schedule;
    if (typeof s === 'function') {
      const f = s(epoch);
      if (typeof f !== 'number' || !(f >= 0) || !Number.isFinite(f)) throw new ValueError(`train: schedule(${epoch}) returned ${JSON.stringify(f)}; a learning-rate factor must be a finite number ≥ 0`);
      return f;
    }
    switch (s.type) {
      case 'step':
        return (s.factor ?? 0.1) ** Math.floor((epoch - 1) / s.every);
      case 'cosine': {
        const E = s.epochs ?? Math.max(1, this.epochs);
        const min = s.minFactor ?? 0;
        return epoch > E ? min : min + (1 - min) * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / E));
      }
      case 'reduce-on-plateau':
        return this.factor;
    }
  }

  /** After an evaluation: reduce-on-plateau takes the monitored value (a NaN never improves). */
  afterEpoch(value: number): void {
    const p = this.spec;
    if (p === null) return;
    const better = higherIsBetter(p.monitor) ? value > this.best + p.minDelta : value < this.best - p.minDelta;
    if (Number.isNaN(this.best) ? !Number.isNaN(value) : better) {
      this.best = value;
      this.wait = 0;
    } else if (++this.wait >= p.patience) {
      this.factor = Math.max(p.minFactor, this.factor * p.factor);
      this.wait = 0;
    }
  }

  /** The progress so far, for a checkpoint. */
  state(): ScheduleState {
    return { factor: this.factor, best: this.best, wait: this.wait };
  }

  /** Continues from a saved state. */
  loadState(s: ScheduleState): void {
    if (s === null || typeof s !== 'object' || !(s.factor >= 0 && s.factor <= 1) || typeof s.best !== 'number' || !Number.isSafeInteger(s.wait) || s.wait < 0) {
      throw new ValueError(`LearningRateSchedule.loadState: expected { factor in [0, 1], best, wait ≥ 0 }, got ${JSON.stringify(s)}`);
    }
    this.factor = s.factor;
    this.best = s.best;
    this.wait = s.wait;
  }
}
