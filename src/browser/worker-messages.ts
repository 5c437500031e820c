/**
 * The messages between {@link trainInWorker} and the training worker, and how tensors and errors cross
 * (structured clone keeps typed arrays and plain objects, not classes).
 */
import { DTypeError, FileFormatError, NonFiniteError, ScratchnetError, ShapeError, ValueError } from '../errors/index.js';
import type { LabelList } from '../data/batches.js';
import type { FloatArray } from '../backend/kernels.js';
import { TrainingDivergedError } from '../train/nan-guard.js';
import type { EpochRecord, Split, TrainData, TrainResult } from '../train/train-types.js';
import { Tensor } from '../tensor/tensor.js';
import type { ScheduleSpec } from '../train/schedule.js';
import type { EarlyStoppingOptions } from '../train/early-stopping.js';
import type { MetricName } from '../metrics/metric-names.js';
import type { Sampling } from '../data/batches.js';
import type { Inspection, InspectOptions } from '../inspect/inspect-model.js';
import type { RngState } from '../random/rng.js';

/** A tensor as plain data. */
export interface PackedTensor {
  readonly data: FloatArray;
  readonly shape: readonly number[];
}
/** A split as plain data. */
export interface PackedSplit {
  readonly images: PackedTensor;
  readonly labels: LabelList | PackedTensor;
}

/** The options that go to the worker (no functions). */
export interface WorkerOptions {
  readonly optimizer?: string | { readonly name: string; readonly lr?: number };
  readonly iters?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly sampling?: Sampling;
  readonly validation?: number | PackedSplit;
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly schedule?: ScheduleSpec;
  readonly evalBatchSize?: number;
  readonly evalLimit?: number;
  readonly metrics?: readonly MetricName[];
  readonly nanGuard?: boolean;
  readonly progressMs?: number;
  readonly inspect?: InspectOptions | false;
}

export type ToWorker =
  | { readonly type: 'start'; readonly model: Uint8Array; readonly random: RngState[]; readonly data: { readonly train: PackedSplit; readonly test?: PackedSplit }; readonly options: WorkerOptions }
  | { readonly type: 'pause' | 'resume' | 'stop' }
  | { readonly type: 'snapshot'; readonly id: number };

export type FromWorker =
  | { readonly type: 'progress'; readonly progress: WorkerProgress }
  | { readonly type: 'epoch'; readonly record: EpochRecord; readonly model: Uint8Array; readonly inspection: Inspection | null }
  | { readonly type: 'snapshot'; readonly id: number; readonly iter: number; readonly model: Uint8Array }
  | { readonly type: 'done'; readonly result: TrainResult | null; readonly model: Uint8Array }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly iteration?: number; readonly where?: string };

/** What the worker reports every `progressMs` while it trains. */
export interface WorkerProgress {
  /** Iterations done, and the run's total. */
  readonly iter: number;
  readonly iters: number;
  /** Epochs done (fractional), and the run's total. */
  readonly epoch: number;
  readonly epochs: number;
  /** The latest iteration's loss, and every loss since the previous report. */
  readonly loss: number;
  readonly losses: readonly number[];
  /** Iterations per second over the last 20 reports (evaluations included). */
  readonly itPerSec: number;
  /** The worker's kernels, e.g. `wasm-relaxed-simd ×2 threads`. */
  readonly kernels: string;
}

const pack = (t: Tensor): PackedTensor => ({ data: t.data, shape: [...t.shape] });
const unpack = (t: PackedTensor): Tensor => new Tensor(t.data, t.shape);
const isPacked = (l: unknown): l is PackedTensor => typeof l === 'object' && l !== null && 'shape' in l && 'data' in l;

export function packSplit(s: Split): PackedSplit {
  return { images: pack(s.images), labels: s.labels instanceof Tensor ? pack(s.labels) : s.labels };
}

export function unpackSplit(s: PackedSplit): Split {
  return { images: unpack(s.images), labels: isPacked(s.labels) ? unpack(s.labels) : s.labels };
}

export function packData(d: TrainData): { train: PackedSplit; test?: PackedSplit } {
  return d.test === undefined ? { train: packSplit(d.train) } : { train: packSplit(d.train), test: packSplit(d.test) };
}

const ERRORS: Record<string, new (message: string) => Error> = { ScratchnetError, ShapeError, DTypeError, ValueError, NonFiniteError, FileFormatError };

/** The worker's error as it crossed: the same class for scratchnet's errors. */
export function errorFromWorker(m: Extract<FromWorker, { type: 'error' }>): Error {
  if (m.name === 'TrainingDivergedError') return new TrainingDivergedError(m.message, m.iteration ?? NaN, m.where ?? '');
  const Type = ERRORS[m.name];
  const e = Type === undefined ? new Error(m.message) : new Type(m.message);
  if (Type === undefined) e.name = m.name;
  return e;
}
