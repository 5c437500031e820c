import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import {
  Adam, DeepConvNet, Dropout, LOSS_NAMES, MODEL_KINDS, MultiLayerNet, MultiLayerNetExtend, Rng, SGD, Sequential, SimpleConvNet, Tensor, TwoLayerNet, ValueError,
  decodeSafetensors, exportPytorch, loadMnist, softmax, saveModel, takeLabels, takeRows, type Layer, type LayeredModel, type Mnist, type TensorRecord,
} from '../../src/index.js';
import { Valid, type Mutator } from '../fuzz-harness.js';
import { assertThrows, ROOT } from '../helpers.js';
import { randomParts, safetensorsMutators } from './safetensors-mutations.js';

const PYTHON = '/usr/bin/python3';
const CHECK = join(ROOT, 'test', 'formats', 'pytorch_check.py');
const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
const reason = probe.status === 0 ? null : `${PYTHON} cannot import torch and numpy (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}); .ci/run installs Debian's python3-torch`;
/** In CI (CI set, as .ci/run does) a missing PyTorch fails these tests instead of skipping them. */
const inCI = (process.env.CI ?? '') !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
const when = reason !== null && !inCI ? { skip: reason } : {};

/** A test that needs PyTorch: skipped with the reason where it cannot be installed, failed in CI. */
function torchTest(name: string, fn: (t: TestContext) => void): void {
  it(name, when, (t) => {
    if (reason !== null) assert.fail(`${reason}; with CI=${process.env.CI} the PyTorch tests must run, not be skipped`);
    fn(t);
  });
}

const TOL = 1e-5;
/** What each loss layer keeps in y from the logits. */
const ANSWERS: Readonly<Record<string, (logits: Tensor) => Tensor>> = { SoftmaxWithLoss: softmax, IdentityWithLoss: (x) => x, SigmoidWithLoss: (x) => x.sigmoid() };
/** The targets a model's loss takes for MNIST labels: the labels, or one-hot rows as numbers (regression, ten yes/no columns). */
function targetsFor(model: LayeredModel, labels: Int32Array): Int32Array | Tensor {
  if (model.lastLayer.kind === 'SoftmaxWithLoss') return labels;
  const t = Tensor.zeros([labels.length, 10]);
  labels.forEach((c, i) => (t.data[i * 10 + c] = 1));
  return t;
}
const LR = 0.1;
const STEP_BATCH = 20;

const models: [string, () => LayeredModel, number][] = [
  ['two-layer', () => new TwoLayerNet(784, 30, 10, { seed: 1 }), 30],
  ['mlp (tanh, weight decay)', () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [40, 20], outputSize: 10, activation: 'tanh', weightDecay: 0.01, seed: 1 }), 30],
  ['mlp-extend (batch norm, dropout, weight decay)', () => new MultiLayerNetExtend({ inputSize: 784, hiddenSizes: [40, 20], outputSize: 10, useBatchnorm: true, useDropout: true, dropoutRatio: 0.3, weightDecay: 0.005, seed: 1 }), 30],
  ['simple-conv', () => new SimpleConvNet({ filterNum: 8, hiddenSize: 30, seed: 1 }), 15],
  ['two-layer, regression (mean squared error to one-hot rows)', () => new TwoLayerNet(784, 30, 10, { seed: 1, loss: 'mean-squared-error' }), 30],
  ['mlp-extend, ten yes/no labels (sigmoid cross-entropy; batch norm, dropout)', () => new MultiLayerNetExtend({ inputSize: 784, hiddenSizes: [40, 20], outputSize: 10, useBatchnorm: true, useDropout: true, dropoutRatio: 0.3, seed: 1, loss: 'sigmoid-cross-entropy' }), 30],
  ['deep-conv (dropout)', () => new DeepConvNet({ hiddenSize: 20, seed: 1 }), 4],
  ['sequential (strided conv, batch norm momentum 0.8, padded pooling, sigmoid, dropout)', () => new Sequential({
    inputShape: [1, 28, 28],
    layers: [
      { type: 'Convolution', filters: 6, size: 4, stride: 2, pad: 1 }, { type: 'BatchNormalization', momentum: 0.8 }, { type: 'Relu' },
      { type: 'Pooling', size: 2, stride: 2, pad: 1 }, { type: 'Flatten' }, { type: 'Affine', units: 20 }, { type: 'Sigmoid' },
      { type: 'Dropout', ratio: 0.1 }, { type: 'Affine', units: 10 },
    ],
    seed: 1,
  }), 30],
];

const bytesOf = (t: Tensor): Uint8Array => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
const copy = (record: Readonly<TensorRecord>): TensorRecord => Object.fromEntries(Object.entries(record).map(([k, t]) => [k, t.clone()]));

/** A few Adam steps on the first 400 training images, so that scores differ clearly and running averages hold data. */
function warmUp(model: LayeredModel, data: Mnist, steps: number): void {
  const adam = new Adam(0.002);
  for (let s = 0; s < steps; s++) {
    const rows = Array.from({ length: 20 }, (_, k) => (s * 20 + k) % 400);
    adam.update(model.params, model.gradient(takeRows(data.train.images, rows), targetsFor(model, takeLabels(data.train.labels, rows) as Int32Array)));
  }
}

/** The masks the model's next training forward on x will draw, from copies of its generators (in layer order). */
function nextDropoutMasks(model: LayeredModel, x: Tensor): Tensor[] {
  const copies = new Map<Rng, Rng>();
  const masks: Tensor[] = [];
  let h = x;
  for (const layer of model.layers.values()) {
    if (layer instanceof Dropout) {
      if (!copies.has(layer.rng)) copies.set(layer.rng, Rng.fromState(layer.rng.state()));
      masks.push(Tensor.uniform(h.shape, copies.get(layer.rng)!, { dtype: h.dtype }).greater(layer.ratio));
    }
    h = layer.forward(h, { train: false }); // eval mode draws nothing and changes no running average
  }
  return masks;
}

/** The largest |a − b| over two tensors of one shape. */
function worst(a: Tensor, b: Tensor, label: string): number {
  assert.deepEqual([...a.shape], [...b.shape], `${label}: shape`);
  let w = 0;
  for (let i = 0; i < a.size; i++) w = Math.max(w, Math.abs(a.data[i]! - b.data[i]!));
  return w;
}

interface Ours {
  dir: string;
  model: LayeredModel;
  logits: Tensor;
  trainProbabilities: Tensor;
  loss: number;
  batch: number;
  before: TensorRecord;
  after: TensorRecord;
}

/** The digest pytorch_check.py computes: name, shape and bytes of each tensor, in name order. */
function fingerprint(tensors: Readonly<TensorRecord>): string {
  const h = createHash('sha1');
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name]!;
    h.update(Buffer.concat([Buffer.from(`${name}\0${t.shape.join(',')}\0`), Buffer.from(bytesOf(t))]));
  }
  return h.digest('hex');
}

describe('PyTorch export, checked by PyTorch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pytorch-'));
  const ours: Ours[] = [];
  let report: { errors: Record<string, string>; mismatch: string[]; package: { calls: string[]; same: boolean } | null } | null = null;
  const fuzzCases: { input: Uint8Array; valid: boolean; mutator: string }[] = [];

  before(() => {
    if (reason !== null) return; // every test below that needs this fails or is skipped with the reason
    const flat: Mnist = loadMnist({ trainLimit: 500, testLimit: 100 });
    const images: Mnist = loadMnist({ flatten: false, trainLimit: 500, testLimit: 100 });
    models.forEach(([, make, steps], i) => {
      const model = make();
      const data = model.inputShape.length === 1 ? flat : images;
      warmUp(model, data, steps);
      const d = join(dir, `case${i}`);
      mkdirSync(d);
      saveModel(join(d, 'model.safetensors'), model);
      writeFileSync(join(d, 'net.py'), exportPytorch(model));
      writeFileSync(join(d, 'x.bin'), bytesOf(data.test.images));
      const logits = model.predict(data.test.images, { train: false });
      const rows = Array.from({ length: STEP_BATCH }, (_, k) => 400 + k);
      const xb = takeRows(data.train.images, rows);
      const tb = targetsFor(model, takeLabels(data.train.labels, rows) as Int32Array);
      writeFileSync(join(d, 'xb.bin'), bytesOf(xb));
      writeFileSync(join(d, 'tb.bin'), tb instanceof Tensor ? bytesOf(tb) : new Uint8Array(tb.buffer));
      const masks = nextDropoutMasks(model, xb);
      writeFileSync(join(d, 'masks.bin'), Buffer.concat(masks.map((m) => Buffer.from(bytesOf(m)))));
      const before = copy({ ...model.params, ...model.buffers });
      const { loss, grads } = model.lossAndGradient(xb, tb);
      const trainProbabilities = model.lastLayer.y!.clone();
      new SGD(LR).update(model.params, grads);
      ours.push({ dir: d, model, logits, trainProbabilities, loss, batch: STEP_BATCH, before, after: copy({ ...model.params, ...model.buffers }) });
    });
    // load() with files that do not fit: another model's tensors, and a hidden layer of another size
    saveModel(join(dir, 'narrow.safetensors'), new TwoLayerNet(784, 20, 10));
    // the reader without the safetensors package, under hostile input
    const mutators: Record<string, Mutator> = safetensorsMutators(randomParts);
    const names = Object.keys(mutators).filter((m) => m !== 'not bytes'); // Python reads bytes from a file
    const rng = new Rng(7);
    for (let c = 0; c < 10_000; c++) {
      const mutator = names[c % names.length]!;
      const made = mutators[mutator]!(rng);
      fuzzCases.push({ input: (made instanceof Valid ? made.input : made) as Uint8Array, valid: made instanceof Valid, mutator });
    }
    const blob = Buffer.concat(fuzzCases.flatMap(({ input }) => [Buffer.from(Uint32Array.of(input.length).buffer), Buffer.from(input)]));
    writeFileSync(join(dir, 'fuzz.bin'), blob);
    const job = {
      cases: ours.map((o) => ({ dir: o.dir, inputShape: o.model.inputShape, lr: LR, maskShapes: nextDropoutShapes(o.model, o.batch), targets: o.model.lastLayer.kind === 'SoftmaxWithLoss' ? 'classes' : 'values' })),
      fuzz: { net: join(ours[0]!.dir, 'net.py'), blob: join(dir, 'fuzz.bin') },
      mismatch: [{ net: join(ours[0]!.dir, 'net.py'), file: join(ours[1]!.dir, 'model.safetensors') }, { net: join(ours[0]!.dir, 'net.py'), file: join(dir, 'narrow.safetensors') }],
      package: { net: join(ours[2]!.dir, 'net.py'), file: join(ours[2]!.dir, 'model.safetensors') },
    };
    writeFileSync(join(dir, 'job.json'), JSON.stringify(job));
    const r = spawnSync(PYTHON, [CHECK, join(dir, 'job.json')], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `pytorch_check.py failed: ${r.stderr}`);
    report = JSON.parse(r.stdout) as typeof report;
  });

  it('has a case for every model kind the command line trains, and for every loss', () => {
    assert.deepEqual(new Set(models.map(([, make]) => String(make().config().model))), new Set([...MODEL_KINDS.values()].filter((k) => k.input !== 'ids').map((k) => k.name))); // the sequence models are not exported
    assert.deepEqual(new Set(models.map(([, make]) => make().lossName)), new Set(LOSS_NAMES));
  });

  models.forEach(([name], i) => {
    torchTest(`${name}: same logits on 100 MNIST test images (within ${TOL}, every arg-max), same SGD step, and py_compile passes`, (t) => {
      const o = ours[i]!;
      assert.equal(report!.errors[o.dir], undefined, report!.errors[o.dir]);
      const { tensors, metadata } = decodeSafetensors(readFileSync(join(o.dir, 'result.safetensors')), 'result.safetensors');
      const logits = worst(tensors.logits!, o.logits, 'logits');
      assert.ok(logits <= TOL, `logits: max |difference| ${logits}`);
      assert.deepEqual([...tensors.logits!.argmax(1)], [...o.logits.argmax(1)], 'arg-max of every image');
      // train mode with the same dropout masks: the exported arithmetic gives the book's outputs (compared as the loss layer keeps them)
      const trainMode = worst(ANSWERS[o.model.lastLayer.kind]!(tensors.train_logits!), o.trainProbabilities, 'train-mode answers');
      assert.ok(trainMode <= TOL, `train-mode outputs: max |difference| ${trainMode}`);
      // our loss holds the book's ½·λ·Σ‖W‖²; PyTorch's weight_decay acts in the update only
      const decay = 0.5 * o.model.weightDecay * Object.entries(o.before).filter(([k]) => k.startsWith('W')).reduce((s, [, w]) => s + w.square().sum().item(), 0);
      const loss = Math.abs(Number(metadata.loss) + decay - o.loss);
      assert.ok(loss <= TOL, `loss: PyTorch ${metadata.loss} + ½·λ·Σ‖W‖² ${decay}, scratchnet ${o.loss}`);
      let step = 0;
      for (const [book, mine] of Object.entries(o.after)) {
        let expected = mine;
        if (book.startsWith('running_var')) {
          // PyTorch adds the unbiased batch variance: m·v₀ + (1 − m)·σ²·n/(n − 1), n values per feature
          const k = Number(book.slice('running_var'.length));
          const bn = [...o.model.layers.values()].filter((l) => l.kind === 'BatchNormalization')[k - 1] as unknown as { momentum: number };
          const n = o.batch * spatialSize(o.model, k);
          const v0 = o.before[book]!.mul(bn.momentum);
          expected = v0.add(mine.sub(v0).mul(n / (n - 1)));
        }
        const w = worst(tensors[book]!, expected, book);
        assert.ok(w <= TOL, `${book} after one SGD step: max |difference| ${w}`);
        step = Math.max(step, w);
      }
      if (o.model.lastLayer.kind === 'SoftmaxWithLoss') assert.match(readFileSync(join(o.dir, 'net.py'), 'utf8'), /^loss_fn = nn\.CrossEntropyLoss\(\)$/m, 'our SoftmaxWithLoss is nn.CrossEntropyLoss');
      const compiled = spawnSync(PYTHON, ['-m', 'py_compile', join(o.dir, 'net.py')], { encoding: 'utf8' });
      assert.equal(compiled.status, 0, compiled.stderr);
      t.diagnostic(`max |difference|: logits ${logits.toExponential(2)}, train-mode outputs ${trainMode.toExponential(2)}, loss ${loss.toExponential(2)}, tensors after the step ${step.toExponential(2)}`);
    });
  });

  torchTest('load() names what does not fit: another model\'s tensors, a tensor of another shape', () => {
    const [other, narrow] = report!.mismatch;
    assert.match(other!, /^ValueError \S+model\.safetensors: the tensors do not fit TwoLayerNet: missing \[\], unknown \['W3', 'b3'\]; export this module from the model file you load$/);
    assert.match(narrow!, /^ValueError \S+narrow\.safetensors: W1 has shape \[784, 20\], expected \[784, 30\] for affine1\.weight$/);
  });

  torchTest('load() reads with the safetensors package when it is installed (a stand-in package here) and gets the same weights', () => {
    const p = report!.package!;
    assert.deepEqual(p.calls, [join(ours[2]!.dir, 'model.safetensors')]);
    assert.ok(p.same, 'the same state_dict through the package and through parse_safetensors');
  });

  torchTest('parse_safetensors under 10,000 seeded mutations: ValueError or the tensors our reader gives, bounded time and memory, every check reached', (t) => {
    const result = JSON.parse(readFileSync(join(dir, 'fuzz.bin.json'), 'utf8')) as { outcomes: string[]; ms: number[]; peak: number[] };
    const checks: [string, RegExp][] = [
      ['shorter than the length field', /only \d+ bytes, shorter than/],
      ['header length limit', /above the 100000000-byte limit/],
      ['header past the end', /runs past the end of the \d+-byte file/],
      ['UTF-8 JSON', /the header is not UTF-8 JSON/],
      ['header not an object', /the header must be a JSON object$/],
      ['entry not an object', /entry .* must be an object$/],
      ['dtype', /has dtype .*; scratchnet writes F32 and F64$/],
      ['shape', /has a bad shape/],
      ['data_offsets', /has bad data_offsets/],
      ['data past the end', /ends at byte \d+, past the \d+ data bytes/],
      ['size and offsets', /bytes, data_offsets span \d+$/],
    ];
    const perCheck = Object.fromEntries(checks.map(([c]) => [c, 0]));
    let accepted = 0;
    fuzzCases.forEach(({ input, valid, mutator }, c) => {
      const where = `case ${c} (mutator '${mutator}', ${input.length} bytes)`;
      const outcome = result.outcomes[c]!;
      assert.ok(result.ms[c]! < 250, `${where} took ${result.ms[c]} ms`);
      assert.ok(result.peak[c]! < 1024 * 1024, `${where}: ${result.peak[c]} bytes at the peak`);
      let mine: string | null = null;
      try {
        mine = `ok ${fingerprint(decodeSafetensors(input).tensors)}`;
      } catch {
        // ours refuses it; the Python reader checks less (gaps, metadata) and may still read it
      }
      if (outcome.startsWith('ok ')) {
        accepted++;
        if (mine !== null) assert.equal(outcome, mine, `${where}: other tensors than our reader's`);
        return;
      }
      assert.ok(outcome.startsWith('ValueError '), `${where}: ${outcome}`);
      assert.ok(!valid && mine === null, `${where}: a file our reader takes was refused: ${outcome}`);
      const hits = checks.filter(([, p]) => p.test(outcome));
      assert.equal(hits.length, 1, `${where}: the message matches ${hits.length} checks: ${outcome}`);
      perCheck[hits[0]![0]]!++;
    });
    t.diagnostic(`parse_safetensors: ${fuzzCases.length} cases, ${accepted} read; slowest ${Math.max(...result.ms).toFixed(2)} ms; largest peak of traced memory ${Math.max(...result.peak)} bytes`);
    t.diagnostic(`parse_safetensors: cases per check: ${Object.entries(perCheck).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const starved = Object.entries(perCheck).filter(([, n]) => n < 20);
    assert.equal(starved.length, 0, `checks reached fewer than 20 times: ${starved.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  });
});

/** The shapes of the masks nextDropoutMasks draws for a batch of n. */
function nextDropoutShapes(model: LayeredModel, n: number): number[][] {
  const shapes: number[][] = [];
  let h = Tensor.zeros([n, ...model.inputShape]);
  for (const layer of model.layers.values()) {
    if (layer instanceof Dropout) shapes.push([...h.shape]);
    h = layer.forward(h, { train: false });
  }
  return shapes;
}

/** H·W at the input of the k-th BatchNormalization (1 for flat input). */
function spatialSize(model: LayeredModel, k: number): number {
  let h = Tensor.zeros([1, ...model.inputShape]);
  let seen = 0;
  for (const layer of model.layers.values()) {
    if (layer.kind === 'BatchNormalization' && ++seen === k) return h.ndim === 4 ? h.shape[2]! * h.shape[3]! : 1;
    h = layer.forward(h, { train: false });
  }
  throw new Error(`no BatchNormalization ${k}`);
}

describe('PyTorch export refuses what it cannot express', () => {
  it('names a layer that has no PyTorch translation', () => {
    const model = new TwoLayerNet(4, 3, 2);
    const odd: Layer = { kind: 'Mystery', params: {}, grads: {}, forward: (x) => x, backward: (d) => d };
    (model.layers as Map<string, Layer>).set('Mystery1', odd);
    assertThrows(() => exportPytorch(model), ValueError, /^exportPytorch: layer Mystery1 \(Mystery\) has no PyTorch translation; known: Affine, .*Tanh$/);
  });
  it('names a pooling layer whose pad PyTorch does not take', () => {
    const model = new Sequential({ inputShape: [1, 8, 8], layers: [{ type: 'Pooling', size: 3, stride: 1, pad: 2 }, { type: 'Flatten' }, { type: 'Affine', units: 2 }] });
    assertThrows(() => exportPytorch(model), ValueError, /^exportPytorch: layer Pooling1 \(Pooling 3×3, pad 2\) cannot be expressed: PyTorch's MaxPool2d takes a pad of at most half the window \(1 here\)/);
  });
  it('names a loss layer it does not know, and refuses a class name that is not a Python identifier', () => {
    const model = new TwoLayerNet(4, 3, 2);
    Object.defineProperty(model, 'lastLayer', { value: { kind: 'HingeLoss' } });
    assertThrows(() => exportPytorch(model), ValueError, /^exportPytorch: the loss layer HingeLoss has no PyTorch translation; known: SoftmaxWithLoss, IdentityWithLoss, SigmoidWithLoss$/);
    assertThrows(() => exportPytorch(new TwoLayerNet(4, 3, 2), { className: 'my net' }), ValueError, /className must be a Python identifier, got "my net"/);
  });
  it('refuses to leave a tensor of the model out', () => {
    const model = new TwoLayerNet(4, 3, 2);
    const extra = Tensor.ones([3]);
    const odd: Layer = { kind: 'Relu', params: { scale: extra }, grads: {}, forward: (x) => x, backward: (d) => d };
    (model.layers as Map<string, Layer>).set('Relu1', odd);
    (model.params as TensorRecord).scale1 = extra;
    assertThrows(() => exportPytorch(model), ValueError, /^exportPytorch: scale1 would be left out: no layer's translation holds it$/);
  });
  it('leaves the model as it was', () => {
    const model = new MultiLayerNetExtend({ inputSize: 6, hiddenSizes: [5], outputSize: 3, useBatchnorm: true, useDropout: true, seed: 2 });
    const params = copy({ ...model.params, ...model.buffers });
    const state = JSON.stringify(model.randomState());
    const text = exportPytorch(model);
    assert.equal(exportPytorch(model), text, 'the same text twice');
    for (const [k, t] of Object.entries({ ...model.params, ...model.buffers })) assert.deepEqual([...t.data], [...params[k]!.data], k);
    assert.equal(JSON.stringify(model.randomState()), state);
  });
});
