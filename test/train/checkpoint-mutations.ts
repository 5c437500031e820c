/**
 * Mutations of a checkpoint aimed at each metadata field and tensor section, made on
 * four bases: Adam mid-epoch with every section filled, the book's sampling with
 * replacement (no order), SGD before its first step, and a run with a validation split,
 * early stopping (its best epoch's tensors kept) and a reduce-on-plateau schedule.
 */
import {
  MultiLayerNetExtend, Rng, Tensor, Trainer, decodeCheckpoint, decodeSafetensors, encodeCheckpoint, encodeSafetensors, makeOptimizer,
  type Sampling, type TrainOptions,
} from '../../src/index.js';
import { Valid, pick, type Mutator } from '../fuzz-harness.js';
import { safetensorsMutators, split } from '../formats/safetensors-mutations.js';

type Json = Record<string, unknown>;
const KEY = 'scratchnet.checkpoint';

/** A checkpoint taken apart: its tensors and its metadata as JSON data. */
interface Base {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly tensors: Readonly<Record<string, Tensor>>;
  readonly metaText: string;
}

/** A run stopped after `steps` of 12 iterations (20 samples in batches of 6: a partial batch ends each epoch). */
function makeBase(name: string, optimizer: string, sampling: Sampling, steps: number, trainLimit?: number, more: TrainOptions = {}): Base {
  const model = new MultiLayerNetExtend({ inputSize: 6, hiddenSizes: [5, 4], outputSize: 3, useBatchnorm: true, useDropout: true, seed: 1 });
  const data = { train: { images: Tensor.randn([20, 6], new Rng(4)), labels: Int32Array.from({ length: 20 }, (_, i) => i % 3) } };
  const trainer = new Trainer(model, data, { optimizer: makeOptimizer(optimizer), iters: 12, batchSize: 6, sampling, ...more });
  for (let i = 0; i < steps; i++) trainer.step();
  const config = { runId: 'f00d', model: model.config(), optimizer: { name: optimizer, hyper: trainer.optimizer.hyper }, batchSize: 6, iters: 12, seed: 0, sampling, ...(trainLimit === undefined ? {} : { trainLimit }) };
  const bytes = encodeCheckpoint(trainer, config);
  decodeCheckpoint(bytes); // each base is valid
  const { tensors, metadata } = decodeSafetensors(bytes);
  return { name, bytes, tensors, metaText: metadata[KEY]! };
}

/** 15 training samples after the validation split (batches of 6: 3 steps an epoch); step 7 is inside the third epoch. */
const STOPPING = makeBase('adam, validation, early stopping, reduce-on-plateau, step 7', 'adam', 'shuffle', 7, undefined, {
  validation: 0.25, earlyStopping: { patience: 5 }, schedule: { type: 'reduce-on-plateau', patience: 1, factor: 0.5 },
});

export const BASES = [
  makeBase('adam, step 6', 'adam', 'shuffle', 6, 20),
  makeBase('momentum, random sampling, step 5', 'momentum', 'random', 5),
  makeBase('sgd, step 0', 'sgd', 'shuffle', 0),
  STOPPING,
];

/** A number JSON cannot hold (1e999 parses as Infinity): written into the text as it is. */
class Raw {
  constructor(readonly text: string) {}
}

function stringify(meta: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(meta, (_, v: unknown) => (v instanceof Raw ? `\u0000raw${raws.push(v.text) - 1}\u0000` : v));
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_, i: string) => raws[Number(i)]!);
}

function encode(tensors: Record<string, Tensor>, meta: unknown, metaText?: string): Uint8Array {
  return encodeSafetensors(tensors, { [KEY]: metaText ?? stringify(meta) });
}

const o = (v: unknown) => v as Json;

/** A value of the wrong type or out of range for any field. */
function junk(rng: Rng): unknown {
  return pick(rng, [() => -1 - rng.int(1000), () => rng.int(100) + 0.5, () => 2 ** 53 + 2 * rng.int(1000), () => new Raw(pick(rng, ['1e999', '-1e999'])),
    () => String(rng.int(100)), () => null, () => rng.int(2) === 0, () => [rng.int(9)], () => ({ k: rng.int(9) }), () => `x${rng.int(1e6)}`])();
}

/** A count near `v`: off by one either way, or further. */
function near(rng: Rng, v: number): number {
  return Math.max(0, v + pick(rng, [1, -1, 2, -2, 1 + rng.int(50), -1 - rng.int(50)]));
}

/**
 * One case: a base, and copies of its metadata and tensor record to change. The seconds and one
 * parameter's values are drawn anew (any finite values are valid), so that no two cases are the same file.
 */
function start(rng: Rng, only?: Base): { b: Base; meta: Json; tensors: Record<string, Tensor> } {
  const b = only ?? pick(rng, BASES);
  const meta = JSON.parse(b.metaText) as Json;
  meta.seconds = rng.random() * 1000;
  const tensors = { ...b.tensors };
  const W = tensors['param.W2']!;
  tensors['param.W2'] = W.add(Tensor.randn(W.shape, rng, { std: 0.01 }));
  return { b, meta, tensors };
}

const sampling = (b: Base) => o((JSON.parse(b.metaText) as Json).config).sampling;

function orderOf(tensors: Record<string, Tensor>): number[] | null {
  const t = tensors['sampler.order'];
  return t === undefined ? null : Array.from(t.data);
}

const f64 = (xs: number[]) => Tensor.from(Float64Array.from(xs));

/** A generator state aimed at each of its parts: the algorithm, the word count, each word, all zero, the spare. */
function mutateGenerator(rng: Rng, state: Json): unknown {
  const s: unknown[] = [...(state.s as number[])];
  return pick(rng, [
    () => ({ ...state, algorithm: pick(rng, ['xoshiro128+', 'xorshift128', '', null, 7]) }),
    () => ({ ...state, s: Array.from({ length: pick(rng, [0, 1, 2, 3, 5, 5, 5, 6, 8]) }, () => rng.nextUint32()) }),
    () => { s[rng.int(4)] = pick(rng, [() => -1, () => 2 ** 32, () => 2 ** 32 + rng.int(1e6), () => rng.int(1e6) + 0.5, () => String(rng.nextUint32()), () => null, () => new Raw('1e999')])(); return { ...state, s }; },
    () => ({ ...state, s: [0, 0, 0, 0] }),
    () => ({ ...state, spare: pick(rng, [() => `${rng.random()}`, () => new Raw('1e999'), () => new Raw('-1e999'), () => [rng.random()], () => true])() }),
    () => ({ ...state, s: s.map((w) => (rng.int(2) === 0 ? rng.nextUint32() : w)), spare: rng.int(2) === 0 ? null : rng.normal() }), // valid unless all 0
  ])();
}

const container = safetensorsMutators((rng) => split(pick(rng, BASES).bytes));
const containerNames = Object.keys(container).filter((k) => !k.includes('(valid)')); // their validity is the container's, not the checkpoint's

export const checkpointMutators: Record<string, Mutator> = {
  'metadata JSON': (rng) => {
    const { meta, tensors } = start(rng);
    const text = stringify(meta);
    const at = rng.int(text.length + 1);
    return pick(rng, [
      () => encode(tensors, null, text.slice(0, at)),
      () => encode(tensors, null, text.slice(0, at) + pick(rng, ['{', '}', ']', ',', '"', 'x', 'NaN']) + text.slice(at)),
      () => encode(tensors, null, pick(rng, [`[${text}]`, String(rng.int(1e6)), 'null', `"${rng.int(1e6)}"`])),
      () => encodeSafetensors(tensors, { [pick(rng, ['scratchnet.Checkpoint', 'scratchnet', `k${rng.int(1e6)}`])]: text }), // no checkpoint metadata
    ])();
  },
  'version': (rng) => {
    const { meta, tensors } = start(rng);
    // 1 is read too, but a version-1 checkpoint has no run id
    meta.version = pick(rng, [() => 0, () => 1, () => 3, () => '2', () => undefined, () => rng.int(1e6) + 3, () => junk(rng)])();
    return encode(tensors, meta);
  },
  'config': (rng) => {
    const { b, meta, tensors } = start(rng);
    const config = o(meta.config);
    const order = orderOf(tensors);
    pick(rng, [
      () => { meta.config = junk(rng); },
      () => { config[pick(rng, ['runId', 'model', 'optimizer', 'batchSize', 'iters', 'seed', 'sampling', 'out'])] = rng.int(4) === 0 ? undefined : junk(rng); },
      () => { config.runId = pick(rng, ['', 'F00D', 'f00d-1', 'x'.repeat(33), `r ${rng.int(1e6)}`, `é${rng.int(1e6)}`]); },
      () => { config.sampling = pick(rng, ['book', '', 'Shuffle', `s${rng.int(1e6)}`, sampling(b) === 'random' ? 'shuffle' : 'random']); },
      () => { config.batchSize = (order?.length ?? 20) + 1 + rng.int(100); },
      () => { config.trainLimit = rng.int(order?.length ?? 20); },
      () => { config.optimizer = { ...o(config.optimizer), name: pick(rng, ['adam', 'sgd', 'rmsprop', 'nesterov', `opt${rng.int(1e6)}`]) }; },
      () => { config.iters = near(rng, 12); config.seed = rng.int(1e9); config.runId = `r${rng.int(1e6)}`; config.out = `/tmp/m${rng.int(1e6)}.safetensors`; }, // accepted when read
    ])();
    return encode(tensors, meta);
  },
  'iteration': (rng) => {
    const { meta, tensors } = start(rng);
    const it = meta.iteration as number;
    if (rng.int(3) === 0) meta.iteration = junk(rng);
    else if (rng.int(2) === 0) meta.iteration = near(rng, it);
    else {
      // the loss history follows, so that the checks past the count of losses are reached
      const n = near(rng, it);
      meta.iteration = n;
      const losses = Array.from(tensors['history.loss']!.data);
      tensors['history.loss'] = f64(Array.from({ length: n }, (_, i) => losses[i] ?? rng.random()));
    }
    return encode(tensors, meta);
  },
  'history': (rng) => {
    const { meta, tensors } = start(rng);
    const records = [...(meta.history as Json[])];
    const i = rng.int(Math.max(1, records.length));
    const record = { ...(records[i] ?? { epoch: 1, iter: 4, loss: 1, trainAcc: 0.5, testAcc: null, seconds: 0 }) };
    pick(rng, [
      () => { meta.history = pick(rng, [() => junk(rng), () => [junk(rng)], () => undefined])(); },
      () => { record[pick(rng, ['epoch', 'iter', 'trainAcc'])] = rng.int(4) === 0 ? undefined : junk(rng); records[i] = record; meta.history = records; },
      () => { record.epoch = near(rng, record.epoch as number); records[i] = record; meta.history = records; },
      () => { record.iter = near(rng, record.iter as number); records[i] = record; meta.history = records; },
      () => { meta.history = rng.int(2) === 0 ? [...records, { ...record }] : records.slice(1); },
      () => { record.loss = pick(rng, [null, rng.random()]); record.testAcc = pick(rng, [null, rng.random()]); records[i] = record; meta.history = records; }, // accepted
    ])();
    return encode(tensors, meta);
  },
  'sinceEval': (rng) => {
    const { meta, tensors } = start(rng);
    meta.sinceEval = rng.int(3) === 0 ? junk(rng) : near(rng, meta.sinceEval as number);
    return encode(tensors, meta);
  },
  'sumSinceEval and seconds': (rng) => {
    const { meta, tensors } = start(rng);
    const field = rng.int(2) === 0 ? 'sumSinceEval' : 'seconds';
    if (rng.int(2) === 0) {
      meta[field] = rng.normal() * 10;
      return new Valid(encode(tensors, meta));
    }
    meta[field] = pick(rng, [() => undefined, () => String(rng.random()), () => null, () => new Raw('1e999'), () => [rng.random()]])();
    return encode(tensors, meta);
  },
  'batchRng': (rng) => {
    const { meta, tensors } = start(rng);
    meta.batchRng = rng.int(8) === 0 ? pick(rng, [() => junk(rng), () => undefined])() : mutateGenerator(rng, o(meta.batchRng));
    return encode(tensors, meta);
  },
  'modelRandom': (rng) => {
    const { meta, tensors } = start(rng);
    const states = [...(meta.modelRandom as Json[])];
    pick(rng, [
      () => { meta.modelRandom = pick(rng, [() => junk(rng), () => [...states, junk(rng)], () => undefined])(); },
      () => { const i = rng.int(states.length); states[i] = mutateGenerator(rng, states[i]!) as Json; meta.modelRandom = states; },
      () => { const i = rng.int(states.length); states[i] = mutateGenerator(rng, states[i]!) as Json; meta.modelRandom = states; },
      () => { meta.modelRandom = rng.int(2) === 0 ? states.slice(1) : [...states, states[0]]; }, // the count is the model's to check
    ])();
    return encode(tensors, meta);
  },
  'samplerPosition': (rng) => {
    const { meta, tensors } = start(rng);
    const order = orderOf(tensors);
    meta.samplerPosition = pick(rng, [() => junk(rng), () => undefined, () => (order?.length ?? 0) + 1 + rng.int(1000), () => near(rng, meta.samplerPosition as number)])();
    return encode(tensors, meta);
  },
  'optimizer state': (rng) => {
    const { meta, tensors } = start(rng);
    const opt = { ...o(meta.optimizer) };
    pick(rng, [
      () => { meta.optimizer = junk(rng); },
      () => { opt[pick(rng, ['name', 'hyper', 'step'])] = rng.int(4) === 0 ? undefined : junk(rng); meta.optimizer = opt; },
      () => { opt.name = pick(rng, ['adam', 'sgd', 'momentum', 'adagrad', `o${rng.int(1e6)}`]); meta.optimizer = opt; },
      () => { opt.step = (meta.iteration as number) + 1 + rng.int(100); meta.optimizer = opt; },
      () => { opt.step = 0; meta.optimizer = opt; },
      () => { opt.hyper = { ...o(opt.hyper), lr: rng.random() }; meta.optimizer = opt; }, // the trainer compares hyper-parameters
    ])();
    return encode(tensors, meta);
  },
  'parameter tensors': (rng) => {
    const { meta, tensors } = start(rng);
    const params = Object.keys(tensors).filter((k) => k.startsWith('param.'));
    const k = pick(rng, params);
    const t = tensors[k]!;
    pick(rng, [
      () => { delete tensors[k]; },
      () => { tensors[k] = Tensor.zeros([...t.shape.slice(0, -1), (t.shape[t.shape.length - 1] ?? 1) + 1 + rng.int(3)]); },
      () => { tensors[k] = t.astype('float64'); },
      () => { tensors[`param.extra${rng.int(1e6)}`] = Tensor.zeros([rng.int(4) + 1]); },
      () => { delete tensors[k]; tensors[`param.${k.slice(6)}x${rng.int(1e6)}`] = t; },
    ])();
    return encode(tensors, meta);
  },
  'optimizer tensors': (rng) => {
    const { meta, tensors } = start(rng);
    const buffers = Object.keys(tensors).filter((k) => k.startsWith('optim.'));
    if (buffers.length === 0) {
      // a buffer before the first step, or one after no parameter
      tensors[`optim.${pick(rng, ['m', 'v', 'h'])}.${pick(rng, ['W1', 'b1', 'W9'])}`] = Tensor.zeros([rng.int(5) + 1]);
      return encode(tensors, meta);
    }
    const k = pick(rng, buffers);
    const t = tensors[k]!;
    pick(rng, [
      () => { delete tensors[k]; },
      () => { tensors[k] = Tensor.zeros([t.size + 1 + rng.int(3)]); },
      () => { tensors[k] = t.astype('float64'); },
      () => { delete tensors[k]; tensors[pick(rng, [`optim.${k.split('.')[1]}.W${rng.int(1e6) + 9}`, `optim.${k.split('.')[2]}`, `optim..${k.split('.')[2]}`])] = t; },
      () => { tensors[`optim.q${rng.int(1e6)}.${k.split('.')[2]}`] = t; },
    ])();
    return encode(tensors, meta);
  },
  'sampler order': (rng) => {
    const { b, meta, tensors } = start(rng);
    const order = orderOf(tensors);
    if (order === null) {
      // an order where none is kept, with the position it would need
      tensors['sampler.order'] = f64(Array.from(new Rng(rng.nextUint32()).permutation(20)));
      if (rng.int(2) === 0) meta.samplerPosition = rng.int(21);
      return sampling(b) === 'random' ? encode(tensors, meta) : new Valid(encode(tensors, meta));
    }
    const i = rng.int(order.length);
    pick(rng, [
      () => { order[i] = pick(rng, [-1, order.length, order.length + rng.int(1e6), rng.int(order.length) + 0.5, NaN, Infinity, -rng.int(1e6)]); tensors['sampler.order'] = f64(order); },
      () => { order[i] = order[(i + 1 + rng.int(order.length - 1)) % order.length]!; tensors['sampler.order'] = f64(order); },
      () => { delete tensors['sampler.order']; },
      () => { tensors['sampler.order'] = f64(Array.from(new Rng(rng.nextUint32()).permutation(rng.int(6)))); meta.samplerPosition = 0; },
      () => { tensors['sampler.order'] = f64(Array.from(new Rng(rng.nextUint32()).permutation(21 + rng.int(100)))); },
      () => { tensors['sampler.order'] = Tensor.from(Array.from(new Rng(rng.nextUint32()).permutation(20))); }, // float32, any order: valid
    ])();
    return encode(tensors, meta);
  },
  'history.loss': (rng) => {
    const { meta, tensors } = start(rng);
    const losses = Array.from(tensors['history.loss']!.data);
    pick(rng, [
      () => { delete tensors['history.loss']; },
      () => { tensors['history.loss'] = f64(rng.int(2) === 0 ? losses.slice(0, Math.max(0, losses.length - 1 - rng.int(3))) : [...losses, ...Array.from({ length: rng.int(5) + 1 }, () => rng.random())]); },
      () => { tensors['history.loss'] = f64(losses.map((l) => (rng.int(3) === 0 ? NaN : l + rng.normal()))); }, // NaN losses are kept: accepted
    ])();
    return encode(tensors, meta);
  },
  'unexpected tensor': (rng) => {
    const { meta, tensors } = start(rng);
    tensors[pick(rng, ['foo', 'params.W1', 'sampler', 'history', 'optimx.m.W1', 'sampler.position', `t${rng.int(1e6)}`])] = Tensor.zeros([rng.int(4) + 1]);
    return encode(tensors, meta);
  },
  'buffers and settings the reader leaves to the model': (rng) => {
    // read as they are; Model.setBuffers and the run's own checks refuse a mismatch
    const { meta, tensors } = start(rng);
    const k = pick(rng, Object.keys(tensors).filter((n) => n.startsWith('buffer.')));
    if (rng.int(2) === 0) tensors[k] = Tensor.zeros([rng.int(9) + 1]);
    else o(meta.config).model = { ...o(o(meta.config).model), hiddenSizes: [rng.int(100) + 1] };
    return encode(tensors, meta);
  },
  'stopping and schedule progress': (rng) => {
    const { meta, tensors } = start(rng, STOPPING);
    const epochs = (meta.history as Json[]).length;
    const es = { ...o(meta.earlyStopping) };
    const sc = { ...o(meta.schedule) };
    const valid: unknown = pick<() => unknown>(rng, [
      () => { meta.stopped = pick(rng, [() => junk(rng), () => undefined, () => 'done', () => 'Stopped'])(); },
      () => { meta.stopped = pick(rng, ['early-stopping', 'stopped']); }, // inside an epoch: refused
      () => { meta.earlyStopping = pick(rng, [() => junk(rng), () => undefined])(); },
      () => { es[pick(rng, ['best', 'bestEpoch', 'wait', 'kept'])] = pick(rng, [() => junk(rng), () => undefined, () => String(rng.int(9))])(); meta.earlyStopping = es; },
      () => { es.bestEpoch = epochs + 1 + rng.int(5); meta.earlyStopping = es; },
      () => { es.wait = epochs - (es.bestEpoch as number) + 1 + rng.int(5); meta.earlyStopping = es; },
      () => { es.bestEpoch = 0; es.wait = 0; meta.earlyStopping = es; },
      () => { if (rng.int(2) === 0) es.kept = false; else meta.earlyStopping = null; if (meta.earlyStopping !== null) meta.earlyStopping = es; },
      () => { meta.schedule = pick(rng, [() => junk(rng), () => undefined])(); },
      () => { sc[pick(rng, ['factor', 'best', 'wait'])] = pick(rng, [() => junk(rng), () => undefined, () => String(rng.int(9))])(); meta.schedule = sc; },
      () => { sc.factor = pick(rng, [() => -1e-9, () => -rng.random(), () => 1 + rng.random() + 1e-9])(); meta.schedule = sc; },
      () => { sc.wait = epochs + 1 + rng.int(5); meta.schedule = sc; },
      () => { es.best = rng.normal(); sc.best = rng.int(2) === 0 ? null : rng.normal(); sc.factor = rng.random() * 0.99 + 0.01; es.wait = rng.int(epochs - (es.bestEpoch as number) + 1); meta.earlyStopping = es; meta.schedule = sc; return true; },
    ])();
    return valid === true ? new Valid(encode(tensors, meta)) : encode(tensors, meta);
  },
  'early stopping tensors': (rng) => {
    const { meta, tensors } = start(rng, STOPPING);
    const kind = pick(rng, ['param', 'buffer']);
    const keys = Object.keys(tensors).filter((k) => k.startsWith(`best.${kind}.`));
    const k = pick(rng, keys);
    const t = tensors[k]!;
    pick(rng, [
      () => { delete tensors[k]; },
      () => { tensors[`best.${kind}.extra${rng.int(1e6)}`] = Tensor.zeros([rng.int(4) + 1]); },
      () => { tensors[k] = Tensor.zeros([t.size + 1 + rng.int(3)]); },
      () => { tensors[k] = t.astype('float64'); },
    ])();
    return encode(tensors, meta);
  },
  'container (safetensors)': (rng) => container[pick(rng, containerNames)]!(rng),
};
