import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import ort from 'onnxruntime-node';
import {
  Adam, DeepConvNet, MultiLayerNet, MultiLayerNetExtend, Rng, Sequential, SimpleConvNet, Tensor, TwoLayerNet, ValueError,
  exportOnnx, loadMnist, softmax, train, type Layer, type LayeredModel, type Mnist,
} from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'onnx-'));
const python = '/usr/bin/python3';
const hasOnnxChecker = spawnSync(python, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;

const models: [string, () => LayeredModel, number][] = [
  ['two-layer', () => new TwoLayerNet(784, 50, 10, { seed: 1 }), 30],
  ['mlp (tanh)', () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [64, 32], outputSize: 10, activation: 'tanh', seed: 1 }), 30],
  ['mlp-extend (batch norm, dropout)', () => new MultiLayerNetExtend({ inputSize: 784, hiddenSizes: [64, 32], outputSize: 10, useBatchnorm: true, useDropout: true, dropoutRatio: 0.3, seed: 1 }), 30],
  ['simple-conv', () => new SimpleConvNet({ seed: 1 }), 15],
  ['deep-conv', () => new DeepConvNet({ seed: 1 }), 4],
  ['sequential (conv, batch norm, padded pooling, sigmoid)', () => new Sequential({
    inputShape: [1, 28, 28],
    layers: [
      { type: 'Convolution', filters: 6, size: 4, stride: 2, pad: 1 }, { type: 'BatchNormalization' }, { type: 'Relu' },
      { type: 'Pooling', size: 2, stride: 2, pad: 1 }, { type: 'Flatten' }, { type: 'Affine', units: 20 }, { type: 'Sigmoid' },
      { type: 'Dropout', ratio: 0.1 }, { type: 'Affine', units: 10 },
    ],
    seed: 1,
  }), 30],
];

describe('ONNX export, checked by ONNX Runtime', () => {
  let flat: Mnist;
  let images: Mnist;
  before(() => {
    flat = loadMnist({ trainLimit: 500, testLimit: 100 });
    images = loadMnist({ flatten: false, trainLimit: 500, testLimit: 100 });
  });

  for (const [name, make, steps] of models) {
    it(`${name}: ONNX Runtime matches predict within 1e-4 on 100 MNIST test images, every arg-max identical`, async (t) => {
      const model = make();
      const data = model.inputShape.length === 1 ? flat : images;
      train(model, { train: data.train }, { optimizer: new Adam(0.002), iters: steps, batchSize: 20, seed: 1, evalBatchSize: 500 });
      const bytes = exportOnnx(model);
      const file = join(dir, `${name.split(' ')[0]}.onnx`);
      writeFileSync(file, bytes);
      const session = await ort.InferenceSession.create(file);
      assert.deepEqual(session.inputNames, ['input']);
      assert.deepEqual(session.outputNames, ['logits', 'probabilities']);
      const x = data.test.images;
      const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) });
      const ours = softmax(model.predict(x, { train: false }));
      const theirs = result.probabilities!.data as Float32Array;
      assert.deepEqual([...result.probabilities!.dims], [100, 10]);
      let worst = 0;
      for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(theirs[i]! - ours.data[i]!));
      assert.ok(worst <= 1e-4, `max |difference| ${worst}`);
      const a = ours.argmax(1);
      const b = new Tensor(Float32Array.from(theirs), [100, 10]).argmax(1);
      assert.deepEqual([...b], [...a]);
      if (hasOnnxChecker) {
        const check = spawnSync(python, ['-c', 'import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)', file], { encoding: 'utf8' });
        assert.equal(check.status, 0, `onnx.checker: ${check.stderr}`);
      } else {
        t.diagnostic('python3-onnx is not installed here: onnx.checker.check_model not run (.ci/run installs it)');
      }
    });
  }

  it('a regression model gives `predictions`, the identity of its outputs; a yes/no model gives σ as `probabilities`', async () => {
    const rng = new Rng(7);
    const x = Tensor.randn([9, 5], rng);
    const cases: [LayeredModel, string[], (y: Tensor) => Tensor][] = [
      [new MultiLayerNet({ inputSize: 5, hiddenSizes: [6], outputSize: 2, loss: 'mean-squared-error', weightInit: 'he', seed: 3 }), ['predictions'], (y) => y],
      [new MultiLayerNet({ inputSize: 5, hiddenSizes: [6], outputSize: 3, loss: 'sigmoid-cross-entropy', weightInit: 'he', seed: 3 }), ['logits', 'probabilities'], (y) => y.sigmoid()],
    ];
    for (const [model, names, last] of cases) {
      const file = join(dir, `${model.lossName}.onnx`);
      writeFileSync(file, exportOnnx(model));
      const session = await ort.InferenceSession.create(file);
      assert.deepEqual(session.outputNames, names);
      const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) });
      const ours = last(model.predict(x));
      const theirs = result[names.at(-1)!]!.data as Float32Array;
      for (let i = 0; i < theirs.length; i++) assert.ok(Math.abs(theirs[i]! - ours.data[i]!) <= 1e-5, `${model.lossName} entry ${i}: ${theirs[i]} vs ${ours.data[i]}`);
      if (hasOnnxChecker) {
        const check = spawnSync(python, ['-c', 'import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)', file], { encoding: 'utf8' });
        assert.equal(check.status, 0, `onnx.checker: ${check.stderr}`);
      }
    }
  });

  it('names a layer that ONNX cannot express', () => {
    const model = new TwoLayerNet(4, 3, 2);
    const odd: Layer = { kind: 'Mystery', params: {}, grads: {}, forward: (x) => x, backward: (d) => d };
    (model.layers as Map<string, Layer>).set('Mystery1', odd);
    assertThrows(() => exportOnnx(model), ValueError, /exportOnnx: layer Mystery1 \(Mystery\) has no ONNX equivalent/);
  });
});
