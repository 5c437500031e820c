/**
 * Checkpoints of the sequence trainers (LanguageModelTrainer, Seq2seqTrainer) in one safetensors file:
 * tensors `param.lstm.Wx`, `optim.m.lstm.Wx`, `history.loss` and (seq2seq) `sampler.order`; metadata
 * `scratchnet.sequence-checkpoint`: the run's settings, the iteration, the epoch records, the
 * generators' states and where the batches are. Pure functions on bytes; files: src/node/sequence-checkpoint-files.ts.
 */
import { FileFormatError, ValueError } from '../errors/index.js';
import { decodeSafetensors, encodeSafetensors } from '../formats/safetensors.js';
import type { TensorRecord } from '../layers/layer.js';
import type { RngState } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { RUN_ID } from './checkpoint.js';
import { checkSequenceSections } from './sequence-checkpoint-checks.js';
import type { LanguageModelEpoch, LanguageModelTrainer, LanguageModelTrainerState } from './language-model-trainer.js';
import type { Seq2seqEpoch, Seq2seqTrainer, Seq2seqTrainerState } from './seq2seq-trainer.js';

/** The settings a sequence run was started with; resuming takes them from the checkpoint. */
export interface SequenceRunConfig {
  readonly runId: string;
  readonly task: 'language-model' | 'seq2seq';
  /** The model's architecture (model.config()). */
  readonly model: Readonly<Record<string, unknown>>;
  readonly optimizer: { readonly name: string; readonly hyper: Readonly<Record<string, number>> };
  readonly batchSize: number;
  readonly epochs: number;
  readonly seed: number;
  readonly maxGrad: number | null;
  /** The data file (absolute) and where the model is saved (absolute). */
  readonly data: string;
  readonly out: string;
  /** The fraction held out: a seq2seq test split, or the end of a language model's corpus for validation. */
  readonly validation: number;
  /** Everything else the run reads its data with (time size, reversal, word or character level). */
  readonly extra: Readonly<Record<string, string | number | boolean>>;
}

/** A decoded sequence checkpoint. */
export type SequenceCheckpoint = {
  readonly path: string;
  readonly config: SequenceRunConfig;
  readonly params: TensorRecord;
} & ({ readonly task: 'language-model'; readonly state: LanguageModelTrainerState } | { readonly task: 'seq2seq'; readonly state: Seq2seqTrainerState });

/** The metadata key that tells a sequence checkpoint from a classifier's. */
export const SEQUENCE_CHECKPOINT_KEY = 'scratchnet.sequence-checkpoint';
const VERSION = 1;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown) => v === null || typeof v === 'number';
const revive = (v: unknown): number => (typeof v === 'number' ? v : NaN); // JSON writes NaN as null
const isRngState = isObj; // its words and spare: checkSequenceSections

/** Encodes a sequence trainer's model, optimizer and progress as checkpoint bytes. */
export function encodeSequenceCheckpoint(trainer: LanguageModelTrainer | Seq2seqTrainer, config: SequenceRunConfig): Uint8Array {
  if (!RUN_ID.test(config.runId)) throw new ValueError(`encodeSequenceCheckpoint: the run id must be 1 to 32 lowercase letters or digits, got '${config.runId}'`);
  if (trainer.model.task !== config.task) throw new ValueError(`encodeSequenceCheckpoint: a ${trainer.model.task} trainer with the settings of a ${config.task} run`);
  const s = trainer.state();
  const tensors: TensorRecord = {};
  for (const [k, t] of Object.entries(trainer.model.params)) tensors[`param.${k}`] = t;
  for (const [k, t] of Object.entries(s.optimizer.buffers)) tensors[`optim.${k}`] = t;
  tensors['history.loss'] = Tensor.from(Float64Array.from(s.lossHistory));
  const where = 'sampler' in s ? { batchRng: s.batchRng, samplerPosition: s.sampler.position } : { batcher: s.batcher };
  if ('sampler' in s && s.sampler.epochOrder !== null) tensors['sampler.order'] = Tensor.from(Float64Array.from(s.sampler.epochOrder));
  const meta = {
    version: VERSION, config, iteration: s.iteration, history: s.history, seconds: s.seconds, stopped: s.stopped,
    optimizer: { name: s.optimizer.name, hyper: s.optimizer.hyper, step: s.optimizer.step }, modelRandom: s.modelRandom, ...where,
  };
  return encodeSafetensors(tensors, { [SEQUENCE_CHECKPOINT_KEY]: JSON.stringify(meta) });
}

function checkConfig(v: unknown): boolean {
  if (!isObj(v) || typeof v.runId !== 'string' || !RUN_ID.test(v.runId) || (v.task !== 'language-model' && v.task !== 'seq2seq')) return false;
  if (!isObj(v.model) || typeof v.model.model !== 'string' || !isObj(v.optimizer) || typeof v.optimizer.name !== 'string' || !isObj(v.optimizer.hyper)) return false;
  if (!Object.values(v.optimizer.hyper).every(isNum)) return false;
  if (![v.batchSize, v.epochs].every((n) => isCount(n) && (n as number) > 0) || !Number.isSafeInteger(v.seed)) return false;
  if (!(v.maxGrad === null || (isNum(v.maxGrad) && (v.maxGrad as number) > 0))) return false;
  if (typeof v.data !== 'string' || typeof v.out !== 'string' || !(isNum(v.validation) && (v.validation as number) >= 0 && (v.validation as number) < 1)) return false;
  return isObj(v.extra) && Object.values(v.extra).every((x) => ['string', 'number', 'boolean'].includes(typeof x));
}

function isRecord(r: unknown, task: string): boolean {
  if (!isObj(r) || !isCount(r.epoch) || !isCount(r.iter) || !isNumOrNull(r.loss) || !isNumOrNull(r.seconds)) return false;
  return task === 'seq2seq' ? isNumOrNull(r.testAcc) : isNumOrNull(r.perplexity) && isNumOrNull(r.validationPerplexity);
}

/** Decodes and validates sequence checkpoint bytes; every problem is a FileFormatError naming the file. */
export function decodeSequenceCheckpoint(bytes: Uint8Array, path = 'checkpoint'): SequenceCheckpoint {
  const fail = (why: string): never => {
    throw new FileFormatError(`${path}: not a valid scratchnet sequence checkpoint: ${why}`);
  };
  const { tensors, metadata } = decodeSafetensors(bytes, path);
  const raw = metadata[SEQUENCE_CHECKPOINT_KEY];
  if (raw === undefined) fail(`no '${SEQUENCE_CHECKPOINT_KEY}' metadata`);
  let m: Json = {};
  try {
    const parsed: unknown = JSON.parse(raw!);
    if (!isObj(parsed)) fail('the metadata is not a JSON object');
    m = parsed as Json;
  } catch (e) {
    if (e instanceof FileFormatError) throw e;
    fail(`bad JSON in the metadata (${(e as Error).message})`);
  }
  if (m.version !== VERSION) fail(`unknown version ${JSON.stringify(m.version)?.slice(0, 20)} (this scratchnet reads ${VERSION})`);
  const need = <T>(key: string, ok: (v: unknown) => boolean, what: string): T => (ok(m[key]) ? (m[key] as T) : fail(`'${key}' must be ${what}, got ${JSON.stringify(m[key])?.slice(0, 80)}`));
  const config = need<SequenceRunConfig>('config', checkConfig, 'the run settings');
  const params: TensorRecord = {};
  const optim: TensorRecord = {};
  let losses: number[] | null = null;
  let order: number[] | null = null;
  for (const [k, t] of Object.entries(tensors)) {
    if (k.startsWith('param.')) params[k.slice(6)] = t;
    else if (k.startsWith('optim.')) optim[k.slice(6)] = t;
    else if (k === 'history.loss' && t.ndim === 1) losses = Array.from(t.data);
    else if (k === 'sampler.order' && t.ndim === 1 && config.task === 'seq2seq') order = Array.from(t.data);
    else fail(`unexpected tensor '${k}'`);
  }
  if (losses === null) fail("no 'history.loss' tensor");
  const iteration = need<number>('iteration', isCount, 'a count');
  if (losses!.length !== iteration) fail(`${losses!.length} losses recorded for ${iteration} iterations`);
  const opt = need<Json>('optimizer', (v) => isObj(v) && typeof v.name === 'string' && isObj(v.hyper) && Object.values(v.hyper).every(isNum) && isCount(v.step), 'the optimizer state');
  const records = need<Json[]>('history', (v) => Array.isArray(v) && v.every((r) => isRecord(r, config.task)), 'a list of epoch records');
  const common = {
    iteration,
    lossHistory: losses!,
    seconds: need<number>('seconds', isNum, 'a number'),
    stopped: need<boolean>('stopped', (v) => typeof v === 'boolean', 'true or false'),
    optimizer: { name: opt.name as string, hyper: opt.hyper as Record<string, number>, step: opt.step as number, buffers: optim },
    modelRandom: need<RngState[]>('modelRandom', (v) => Array.isArray(v) && v.every(isRngState), 'a list of generator states'),
  };
  if (config.task === 'seq2seq') {
    const history = records.map((r) => ({ ...r, loss: revive(r.loss), testAcc: r.testAcc }) as unknown as Seq2seqEpoch);
    const sampler = { epochOrder: order, position: need<number>('samplerPosition', isCount, 'a count') };
    const batchRng = need<RngState>('batchRng', isRngState, 'a generator state');
    checkSequenceSections(config, params, { ...common, history, batchRng, order, position: sampler.position }, fail);
    return { path, config, params, task: 'seq2seq', state: { ...common, history, batchRng, sampler } };
  }
  const history = records.map((r) => ({ ...r, loss: revive(r.loss), perplexity: revive(r.perplexity) }) as unknown as LanguageModelEpoch);
  const batcher = need<{ timeIdx: number }>('batcher', (v) => isObj(v) && isCount(v.timeIdx), "the batches' position { timeIdx }");
  checkSequenceSections(config, params, { ...common, history, order: null }, fail);
  return { path, config, params, task: 'language-model', state: { ...common, history, batcher } };
}

/** Whether safetensors metadata is a sequence checkpoint's. */
export function isSequenceCheckpointMetadata(metadata: Readonly<Record<string, string>>): boolean {
  return metadata[SEQUENCE_CHECKPOINT_KEY] !== undefined;
}
