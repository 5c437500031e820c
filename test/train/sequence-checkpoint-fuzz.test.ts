import { describe, it } from 'node:test';
import {
  Adam, BetterRnnlm, LanguageModelTrainer, Rng, SGD, Seq2seq, Seq2seqTrainer, Tensor, decodeSafetensors, decodeSequenceCheckpoint, encodeSafetensors,
  encodeSequenceCheckpoint, type SequenceRunConfig,
} from '../../src/index.js';
import { CASES, Valid, damageBytes, fuzz, pick, type Mutator } from '../fuzz-harness.js';

type Json = Record<string, unknown>;
const KEY = 'scratchnet.sequence-checkpoint';
const PATH = 'fuzz-seq.safetensors';

interface Base { readonly bytes: Uint8Array; readonly tensors: Readonly<Record<string, Tensor>>; readonly metaText: string }

function base(task: 'language-model' | 'seq2seq', steps: number, adam: boolean): Base {
  const optimizer = adam ? new Adam(0.01) : new SGD(0.1);
  let trainer: LanguageModelTrainer | Seq2seqTrainer;
  if (task === 'language-model') {
    const corpus = Int32Array.from({ length: 120 }, (_, i) => (i * 3) % 5);
    trainer = new LanguageModelTrainer(new BetterRnnlm({ vocabSize: 5, wordvecSize: 3, hiddenSize: 3, seed: 1 }), corpus, { optimizer, batchSize: 2, timeSize: 5, epochs: 2 });
  } else {
    const q = Tensor.from(Array.from({ length: 10 }, (_, i) => [1 + (i % 3), 1 + ((i * 7) % 3)]), { dtype: 'int32' });
    const a = Tensor.from(Array.from({ length: 10 }, (_, i) => [0, 1 + ((i * 7) % 3), 1 + (i % 3)]), { dtype: 'int32' });
    trainer = new Seq2seqTrainer(new Seq2seq({ vocabSize: 4, wordvecSize: 2, hiddenSize: 3 }), { train: { questions: q, answers: a } }, { optimizer, batchSize: 3, epochs: 3 });
  }
  for (let i = 0; i < steps; i++) trainer.step();
  const config: SequenceRunConfig = {
    runId: 'f00d', task, model: trainer.model.config(), optimizer: { name: adam ? 'adam' : 'sgd', hyper: optimizer.hyper }, batchSize: 2, epochs: 2, seed: 0, maxGrad: null,
    data: '/d.txt', out: '/m.safetensors', validation: 0, extra: { timeSize: 5 },
  };
  const bytes = encodeSequenceCheckpoint(trainer, config);
  decodeSequenceCheckpoint(bytes); // each base is valid
  const { tensors, metadata } = decodeSafetensors(bytes);
  return { bytes, tensors, metaText: metadata[KEY]! };
}

const BASES = [base('language-model', 14, true), base('seq2seq', 5, true), base('seq2seq', 0, false), base('language-model', 3, false)];

/** A value of the wrong type or out of range for any field. */
const junk = (rng: Rng): unknown => pick(rng, [() => -1 - rng.int(1000), () => rng.int(100) + 0.5, () => String(rng.int(100)), () => null, () => rng.int(2) === 0, () => [rng.int(9)], () => ({ k: rng.int(9) }), () => `x${rng.int(1e6)}`])();

function start(rng: Rng, filter: (b: Base) => boolean = () => true): { meta: Json; tensors: Record<string, Tensor> } {
  const b = pick(rng, BASES.filter(filter));
  const meta = JSON.parse(b.metaText) as Json;
  meta.seconds = rng.random() * 1000; // any finite seconds are valid: no two cases the same file
  return { meta, tensors: { ...b.tensors } };
}
const encode = (tensors: Record<string, Tensor>, meta: unknown, text?: string) => encodeSafetensors(tensors, { [KEY]: text ?? JSON.stringify(meta) });
const isS2s = (b: Base) => b.tensors['sampler.order'] !== undefined;
const o = (v: unknown) => v as Json;

const generator = (rng: Rng, state: Json): unknown => {
  const s = [...(state.s as number[])];
  return pick(rng, [
    () => ({ ...state, algorithm: pick(rng, ['xoshiro128+', '', null, 7]) }),
    () => ({ ...state, s: Array.from({ length: pick(rng, [0, 3, 5]) }, () => rng.nextUint32()) }),
    () => { s[rng.int(4)] = pick(rng, [-1, 2 ** 32, 0.5])!; return { ...state, s }; },
    () => ({ ...state, s: [0, 0, 0, 0] }),
    () => ({ ...state, spare: pick(rng, ['0.5', [1], true]) }),
  ])();
};

const mutators: Record<string, Mutator> = {
  'container': (rng) => damageBytes(rng, pick(rng, BASES).bytes),
  'metadata JSON': (rng) => {
    const { meta, tensors } = start(rng);
    const text = JSON.stringify(meta);
    return pick(rng, [
      () => encode(tensors, null, text.slice(0, rng.int(text.length))),
      () => encode(tensors, null, pick(rng, ['null', '[]', String(rng.int(1e6))])),
      () => encodeSafetensors(tensors, { [`k${rng.int(1e6)}`]: text }),
    ])();
  },
  'version': (rng) => { const { meta, tensors } = start(rng); meta.version = pick(rng, [0, 2, '1', null]); return encode(tensors, meta); },
  'config': (rng) => {
    const { meta, tensors } = start(rng);
    const c = o(meta.config);
    const key = pick(rng, ['runId', 'task', 'model', 'optimizer', 'batchSize', 'epochs', 'seed', 'maxGrad', 'data', 'out', 'validation', 'extra']);
    c[key] = key === 'validation' ? pick(rng, [1, -0.5, 2]) : key === 'runId' ? pick(rng, ['', 'A-B', 'x'.repeat(40)]) : junk(rng);
    return encode(tensors, meta);
  },
  'top-level fields': (rng) => {
    const { meta, tensors } = start(rng);
    meta[pick(rng, ['iteration', 'optimizer', 'history', 'seconds', 'stopped', 'modelRandom'])] = junk(rng);
    return encode(tensors, meta);
  },
  'batches': (rng) => {
    const { meta, tensors } = start(rng);
    if ('batcher' in meta) meta.batcher = pick(rng, [{ timeIdx: -1 }, { timeIdx: 0.5 }, null, { t: 1 }]);
    else meta[pick(rng, ['batchRng', 'samplerPosition'])] = pick(rng, [null, -1, 'x', [1]]);
    return encode(tensors, meta);
  },
  'tensors': (rng) => {
    const { meta, tensors } = start(rng);
    pick(rng, [
      () => { delete tensors['history.loss']; },
      () => { tensors[pick(rng, ['extra', 'best.param.x', `t${rng.int(1e6)}`])] = Tensor.from([1, 2]); },
      () => { tensors['history.loss'] = Tensor.from(Float64Array.from({ length: 1 + rng.int(30) }, () => rng.random())); },
    ])();
    return encode(tensors, meta);
  },
  'generators': (rng) => {
    const { meta, tensors } = start(rng, (b) => isS2s(b) || (JSON.parse(b.metaText) as Json).modelRandom !== undefined);
    const rngs = meta.modelRandom as Json[];
    if (meta.batchRng !== undefined && (rng.int(2) === 0 || rngs.length === 0)) meta.batchRng = generator(rng, o(meta.batchRng));
    else if (rngs.length > 0) rngs[rng.int(rngs.length)] = generator(rng, rngs[0]!) as Json;
    return encode(tensors, meta);
  },
  'history': (rng) => {
    const { meta, tensors } = start(rng, (b) => (JSON.parse(b.metaText) as Json as { history: unknown[] }).history.length > 0);
    const h = meta.history as Json[];
    const r = h[rng.int(h.length)]!;
    pick(rng, [() => { r.epoch = (r.epoch as number) + 1 + rng.int(3); }, () => { r.iter = pick(rng, [0, (meta.iteration as number) + 1 + rng.int(9)]); }, () => { r[pick(rng, ['loss', 'testAcc', 'perplexity', 'epoch'])] = pick(rng, ['x', [1], true]); }])();
    return encode(tensors, meta);
  },
  'sampler order': (rng) => {
    const { meta, tensors } = start(rng, isS2s);
    const order = Array.from(tensors['sampler.order']!.data);
    pick(rng, [
      () => { order[rng.int(order.length)] = pick(rng, [-1, order.length + rng.int(9), 0.5])!; },
      () => { order[0] = order[1]!; },
      () => { meta.samplerPosition = order.length + 1 + rng.int(9); },
    ])();
    tensors['sampler.order'] = Tensor.from(Float64Array.from(order));
    return encode(tensors, meta);
  },
  'position without order': (rng) => {
    const { meta, tensors } = start(rng, (b) => !isS2s(b) && (JSON.parse(b.metaText) as Json).samplerPosition !== undefined);
    meta.samplerPosition = 1 + rng.int(9);
    return encode(tensors, meta);
  },
  'optimizer': (rng) => {
    const { meta, tensors } = start(rng);
    const opt = o(meta.optimizer);
    const names = Object.keys(tensors).filter((k) => k.startsWith('optim.'));
    pick(rng, [
      () => { opt.name = pick(rng, ['momentum', 'rmsprop']); },
      () => { opt.step = (meta.iteration as number) + 1 + rng.int(9); },
      () => { tensors[`optim.m.${pick(rng, ['nope', 'embed'])}`] = Tensor.from([1]); },
      () => { tensors['optim.m'] = Tensor.from([1]); },
      () => { if (names.length > 0) tensors[pick(rng, names)] = Tensor.zeros([1 + rng.int(3), 7]); else opt.name = 'adagrad'; },
    ])();
    return encode(tensors, meta);
  },
  'model sizes': (rng) => {
    const { meta, tensors } = start(rng);
    o(o(meta.config).model)[pick(rng, ['vocabSize', 'wordvecSize', 'hiddenSize'])] = pick(rng, [1e9, 1e6 + rng.int(1e6), 'x']);
    return encode(tensors, meta);
  },
  'valid (values redrawn)': (rng) => {
    const { meta, tensors } = start(rng);
    const k = pick(rng, Object.keys(tensors).filter((n) => n.startsWith('param.')));
    tensors[k] = tensors[k]!.add(Tensor.randn(tensors[k]!.shape, rng, { std: 0.01 }));
    return new Valid(encode(tensors, meta));
  },
};

const E = `${PATH}: not a valid scratchnet sequence checkpoint: `.replace(/\./g, '\\.');
const rows: [string, string][] = [
  ['no metadata', "no 'scratchnet\\.sequence-checkpoint' metadata$"],
  ['metadata JSON', '(bad JSON in the metadata \\(|the metadata is not a JSON object$)'],
  ['version', 'unknown version '],
  ['config', "'config' must be the run settings, got "],
  ['unexpected tensor', "unexpected tensor '"],
  ['no history.loss', "no 'history\\.loss' tensor$"],
  ['iteration', "'iteration' must be a count, got "],
  ['losses vs iterations', '\\d+ losses recorded for \\d+ iterations$'],
  ['optimizer state', "'optimizer' must be the optimizer state, got "],
  ['history records', "'history' must be a list of epoch records, got "],
  ['seconds', "'seconds' must be a number, got "],
  ['stopped', "'stopped' must be true or false, got "],
  ['modelRandom', "'modelRandom' must be a list of generator states, got "],
  ['samplerPosition', "'samplerPosition' must be a count, got "],
  ['batchRng', "'batchRng' must be a generator state, got "],
  ['batcher', "'batcher' must be the batches' position \\{ timeIdx \\}, got "],
  ['generator state', '(batchRng|modelRandom\\[\\d+\\]): (the algorithm is|s must be|word \\d is|the four words|spare must be|not an object)'],
  ['history epochs', 'history record \\d+ has epoch \\d+, expected \\d+$'],
  ['history iterations', 'history record \\d+ is at iteration \\d+, not after \\d+ and up to \\d+$'],
  ['order entry', 'sampler order entry \\d+ is .*, not an index in 0 \\.\\. \\d+$'],
  ['order repeats', 'the sampler order repeats index \\d+$'],
  ['position past order', 'samplerPosition \\d+ is past the end of the \\d+-entry sampler order$'],
  ['position without order', 'samplerPosition \\d+ without a sampler order$'],
  ['optimizer vs settings', "the optimizer state is for '[^']*', the run settings name '[^']*'$"],
  ['optimizer steps', 'the optimizer made \\d+ steps in \\d+ iterations$'],
  ['optimizer buffer name', "optimizer buffer '[^']*' is not named slot\\.parameter after a parameter$"],
  ['optimizer buffer shape', "optimizer buffer '[^']*' is float(32|64) \\[[\\d, ]*\\], its parameter "],
  ['model sizes', "the model's (vocabSize|wordvecSize|hiddenSize) .* is not a dimension of its parameters$"],
];
const CHECKS: [string, RegExp][] = [...rows.map(([n, why]): [string, RegExp] => [n, new RegExp(`^${E}${why}`)]), ['safetensors container', /^fuzz-seq\.safetensors: not a valid safetensors file: /]];

describe('sequence checkpoint reader under hostile input', () => {
  it(`${CASES} seeded mutations aimed at every metadata field and tensor section: typed errors, bounded time and memory, every check reached`, (t) => {
    fuzz({ name: 'sequence checkpoint', seed: 11, mutators, checks: CHECKS, parse: (input) => decodeSequenceCheckpoint(input as Uint8Array, PATH) }, t);
  });
});
