import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  Adam, DeepConvNet, Dropout, MultiLayerNet, MultiLayerNetExtend, Rng, Sequential, SimpleConvNet, Tensor, TwoLayerNet, ValueError,
  gradientCheck, loadModel, saveModel, type LayeredModel, type SequentialSpec,
} from '../../src/index.js';
import { assertThrows, f64, snapshot } from '../helpers.js';

/** Backprop vs numerical gradient in float64, with every Dropout mask held fixed. */
function check(net: LayeredModel, x: Tensor, t: number[], sample?: number, h?: number) {
  const drops = [...net.layers.values()].filter((l): l is Dropout => l instanceof Dropout);
  const saved = drops.map((d) => d.rng.state());
  const rewind = () => drops.forEach((d, i) => d.rng.setState(saved[i]!));
  rewind();
  const grads = net.gradient(x, t);
  const loss = () => {
    rewind();
    return net.loss(x, t, { train: true });
  };
  return gradientCheck(loss, net.params, grads, { ...(sample === undefined ? {} : { sample }), ...(h === undefined ? {} : { h }) });
}

function labels(n: number, classes: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 7) % classes);
}

describe('MultiLayerNet', () => {
  it("has the book's parameter names, shapes and He/Xavier scales", () => {
    const net = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, seed: 1 });
    assert.deepEqual(Object.keys(net.params), ['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'W4', 'b4', 'W5', 'b5']);
    assert.deepEqual(net.params.W5!.shape, [100, 10]);
    const std = (t: Tensor) => Math.sqrt(t.square().mean().item());
    assert.ok(Math.abs(std(net.params.W2!) - Math.sqrt(2 / 100)) < 0.005, 'He for ReLU');
    const sig = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100], outputSize: 10, activation: 'sigmoid' });
    assert.ok(Math.abs(std(sig.params.W1!) - Math.sqrt(1 / 784)) < 0.002, 'Xavier for sigmoid');
    assert.ok(Math.abs(std(new MultiLayerNet({ inputSize: 784, hiddenSizes: [100], outputSize: 10, weightInit: 0.01 }).params.W1!) - 0.01) < 0.001);
    assert.deepEqual([...sig.layers.keys()], ['Affine1', 'Sigmoid1', 'Affine2']);
  });

  it('backprop with weight decay matches the numerical gradient (float64), and the loss includes ½λΣW²', () => {
    const rng = new Rng(2);
    const net = new MultiLayerNet({ inputSize: 6, hiddenSizes: [5, 4], outputSize: 3, activation: 'tanh', weightDecay: 0.3, dtype: 'float64', seed: 3 });
    const x = Tensor.randn([4, 6], rng, f64);
    const result = check(net, x, labels(4, 3));
    assert.ok(result.ok, result.report);
    const plain = new MultiLayerNet({ inputSize: 6, hiddenSizes: [5, 4], outputSize: 3, activation: 'tanh', dtype: 'float64', seed: 3 });
    const sumW2 = ['W1', 'W2', 'W3'].reduce((s, k) => s + net.params[k]!.square().sum().item(), 0);
    assert.ok(Math.abs(net.loss(x, labels(4, 3)) - plain.loss(x, labels(4, 3)) - 0.15 * sumW2) < 1e-12);
  });

  it('rejects bad sizes, activations and inits', () => {
    assertThrows(() => new MultiLayerNet({ inputSize: 4, hiddenSizes: [0], outputSize: 2 }), ValueError, /every hidden size/);
    assertThrows(() => new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2, activation: 'gelu' as 'relu' }), ValueError, /activation must be one of relu, sigmoid, tanh, got "gelu"/);
    assertThrows(() => new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2, weightInit: 'lecun' as 'he' }), ValueError, /unknown weight init "lecun"/);
    assertThrows(() => new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2, weightDecay: -1 }), ValueError, /weightDecay must be a finite number ≥ 0, got -1/);
  });

  it('refuses options that are not an object or that it does not know, naming them, in every model', () => {
    const bad = (o: unknown) => o as never;
    assertThrows(() => new SimpleConvNet(bad(5)), ValueError, /SimpleConvNet: options must be an object such as \{ inputDim: \.\.\. \}, got 5/);
    assertThrows(() => new SimpleConvNet(bad({ filterNumber: 20 })), ValueError, /SimpleConvNet: unknown option "filterNumber"; known options: inputDim, filterNum/);
    assertThrows(() => new DeepConvNet(bad({ dropout: 0.5 })), ValueError, /DeepConvNet: unknown option "dropout"; known options: .*dropoutRatio/);
    assertThrows(() => new TwoLayerNet(4, 3, 2, bad({ std: 0.1 })), ValueError, /TwoLayerNet: unknown option "std"; known options: weightInitStd/);
    // batch norm and dropout belong to MultiLayerNetExtend: MultiLayerNet would have ignored them
    assertThrows(() => new MultiLayerNet(bad({ inputSize: 4, hiddenSizes: [3], outputSize: 2, useBatchnorm: true })), ValueError, /MultiLayerNet: unknown option "useBatchnorm"/);
    assertThrows(() => new MultiLayerNetExtend(bad(undefined)), ValueError, /MultiLayerNetExtend: inputSize, every hidden size and outputSize must be positive integers/);
    assertThrows(() => new MultiLayerNetExtend(bad([784])), ValueError, /options must be an object/);
    new MultiLayerNetExtend({ inputSize: 4, hiddenSizes: [3], outputSize: 2, useBatchnorm: true, useDropout: true, dropoutRatio: 0.1 });
  });
});

describe('MultiLayerNetExtend', () => {
  it('with batch norm and dropout: names, order and a float64 gradient check (masks fixed)', () => {
    const net = new MultiLayerNetExtend({ inputSize: 5, hiddenSizes: [6, 4], outputSize: 3, useBatchnorm: true, useDropout: true, dropoutRatio: 0.3, weightDecay: 0.1, dtype: 'float64', seed: 4 });
    assert.deepEqual(Object.keys(net.params), ['W1', 'b1', 'gamma1', 'beta1', 'W2', 'b2', 'gamma2', 'beta2', 'W3', 'b3']);
    assert.deepEqual([...net.layers.keys()], ['Affine1', 'BatchNorm1', 'Relu1', 'Dropout1', 'Affine2', 'BatchNorm2', 'Relu2', 'Dropout2', 'Affine3']);
    assert.deepEqual(Object.keys(net.buffers), ['running_mean1', 'running_var1', 'running_mean2', 'running_var2']);
    const result = check(net, Tensor.randn([6, 5], new Rng(5), { ...f64, std: 2 }), labels(6, 3));
    assert.ok(result.ok, result.report);
  });

  it('saves and reloads batch-norm running averages with the model', () => {
    const net = new MultiLayerNetExtend({ inputSize: 5, hiddenSizes: [4], outputSize: 3, useBatchnorm: true, seed: 4 });
    const x = Tensor.randn([8, 5], new Rng(6));
    new Adam(0.01).update(net.params, net.gradient(x, labels(8, 3)));
    const path = join(mkdtempSync(join(tmpdir(), 'mlpx-')), 'm.safetensors');
    saveModel(path, net);
    const back = loadModel(path);
    assert.deepEqual(snapshot(back.buffers.running_mean1!), snapshot(net.buffers.running_mean1!));
    assert.deepEqual(snapshot(back.predict(x)), snapshot(net.predict(x)));
  });
});

describe('SimpleConvNet', () => {
  it("has the book's defaults: W1 (30, 1, 5, 5), W2 (4320, 100), W3 (100, 10)", () => {
    const net = new SimpleConvNet();
    assert.deepEqual(Object.entries(net.params).map(([k, v]) => [k, v.shape]), [
      ['W1', [30, 1, 5, 5]], ['b1', [30]], ['W2', [4320, 100]], ['b2', [100]], ['W3', [100, 10]], ['b3', [10]],
    ]);
    assert.deepEqual([...net.layers.keys()], ['Conv1', 'Relu1', 'Pool1', 'Affine1', 'Relu2', 'Affine2']);
    assert.deepEqual(net.predict(Tensor.zeros([2, 1, 28, 28])).shape, [2, 10]);
  });

  it('backprop matches the numerical gradient in float64 (a small instance)', () => {
    const net = new SimpleConvNet({ inputDim: [2, 8, 8], filterNum: 3, filterSize: 3, pad: 1, hiddenSize: 5, outputSize: 4, weightInit: 0.3, dtype: 'float64', seed: 5 });
    const result = check(net, Tensor.randn([3, 2, 8, 8], new Rng(7), f64).add(0.1), labels(3, 4));
    assert.ok(result.ok, result.report);
  });

  it('explains an input size the pooling cannot halve', () => {
    assertThrows(() => new SimpleConvNet({ inputDim: [1, 28, 28], filterSize: 4 }), Error, /\(28 \+ 2·0 − 4\)\/1 \+ 1 = 25 must be an even whole number/);
  });
});

describe('DeepConvNet', () => {
  it("has the book's chapter-8 shapes", () => {
    const net = new DeepConvNet();
    const shapes = Object.fromEntries(Object.entries(net.params).map(([k, v]) => [k, v.shape]));
    assert.deepEqual(shapes.W1, [16, 1, 3, 3]);
    assert.deepEqual(shapes.W4, [32, 32, 3, 3]);
    assert.deepEqual(shapes.W6, [64, 64, 3, 3]);
    assert.deepEqual(shapes.W7, [1024, 50]);
    assert.deepEqual(shapes.W8, [50, 10]);
    assert.equal([...net.layers.keys()].filter((k) => k.startsWith('Pool')).length, 3);
    assert.equal([...net.layers.keys()].pop(), 'Dropout2');
  });

  it('backprop matches the numerical gradient in float64 on sampled entries (dropout masks fixed)', () => {
    // With ~25,000 ReLU units, a step of h = 1e-4 in an early weight pushes some pre-activations across 0,
    // where the loss has a kink and the central difference is off by ~1e-2. A step of 1e-6 stays on one
    // side of every kink (float64 keeps ~1e-10 of precision in the difference).
    const net = new DeepConvNet({ dtype: 'float64', seed: 6 });
    const result = check(net, Tensor.uniform([2, 1, 28, 28], new Rng(8), f64), [3, 8], 6, 1e-6);
    assert.ok(result.ok, result.report);
  });
});

describe('Sequential', () => {
  const spec: SequentialSpec = {
    inputShape: [1, 6, 6],
    layers: [
      { type: 'Convolution', filters: 3, size: 3, pad: 1 }, { type: 'BatchNormalization' }, { type: 'Relu' }, { type: 'Pooling', size: 2, stride: 2 },
      { type: 'Flatten' }, { type: 'Affine', units: 5, init: 'xavier' }, { type: 'Tanh' }, { type: 'Dropout', ratio: 0.2 }, { type: 'Affine', units: 3 },
    ],
    dtype: 'float64',
    seed: 9,
  };

  it('builds from JSON specs with book-style names and round-trips through a file', () => {
    const net = new Sequential(spec);
    assert.deepEqual(Object.keys(net.params), ['W1', 'b1', 'gamma1', 'beta1', 'W2', 'b2', 'W3', 'b3']);
    assert.deepEqual(net.params.W2!.shape, [27, 5]);
    const x = Tensor.randn([4, 1, 6, 6], new Rng(10), f64);
    const path = join(mkdtempSync(join(tmpdir(), 'seq-')), 's.safetensors');
    saveModel(path, net);
    assert.deepEqual(snapshot(loadModel(path).predict(x)), snapshot(net.predict(x)));
    assert.deepEqual(JSON.parse(JSON.stringify(net.config())), net.config());
  });

  it('backprop matches the numerical gradient for every one of 16 seeds (weights and inputs)', () => {
    // b1 feeds batch norm, so its true gradient is 0 and only the tolerance's absolute part accepts its round-off.
    // Step 1e-6: with 1e-4 some seeds straddle a Relu or max-pooling kink, or carry ~3e-9 of truncation error.
    const failed: string[] = [];
    for (let seed = 0; seed < 16; seed++) {
      const net = new Sequential({ ...spec, seed });
      const result = check(net, Tensor.randn([4, 1, 6, 6], new Rng(1000 + seed), f64), labels(4, 3), undefined, 1e-6);
      if (!result.ok) failed.push(`seed ${seed}: ${result.report}`);
    }
    assert.equal(failed.length, 0, `${failed.length} of 16 seeds failed; ${failed.join('\n')}`);
  });

  it('rejects malformed specs, naming the layer and the numbers involved', () => {
    const cases: [unknown, RegExp][] = [
      [{ inputShape: [1, 6, 6], layers: [{ type: 'Conv2D' }] }, /layer 0 has unknown type "Conv2D"; known: Affine, Convolution/],
      [{ inputShape: [1, 6, 6], layers: [{ type: 'Affine' }] }, /layer 0 \(Affine\) needs units as an integer ≥ 1, got undefined/],
      [{ inputShape: [1, 6, 6], layers: [{ type: 'Affine', units: 3, size: 2 }] }, /layer 0 \(Affine\) has unknown field size; allowed: units, init/],
      [{ inputShape: [36], layers: [{ type: 'Convolution', filters: 2, size: 3 }] }, /layer 0 \(Convolution\) needs \[C, H, W\] input/],
      [{ inputShape: [1, 6, 6], layers: [{ type: 'Convolution', filters: 2, size: 9 }] }, /layer 0 \(Convolution\): Convolution: the 9-pixel window is larger than the padded height 6/],
      [{ inputShape: [1, 6, 6], layers: [{ type: 'Pooling', size: 4, stride: 4 }, { type: 'Affine', units: 2 }] }, /\(6 \+ 2·0 − 4\)\/4 \+ 1 = 1\.5 is not a whole number/],
      [{ inputShape: [1, 6, 6], layers: [{ type: 'Dropout', ratio: 1.5 }, { type: 'Affine', units: 2 }] }, /ratio must be in \[0, 1\), got 1\.5/],
      [{ inputShape: [1, 6, 6], layers: [{ type: 'Relu' }] }, /the last layer must give a flat vector of scores \(or numbers\) per sample, got shape \[1, 6, 6\]/],
      [{ inputShape: [1, 6], layers: [{ type: 'Affine', units: 2 }] }, /inputShape must be \[features\] or \[C, H, W\]/],
      [{ inputShape: [4], layers: [] }, /layers must be a non-empty list/],
    ];
    for (const [s, pattern] of cases) assertThrows(() => new Sequential(s as SequentialSpec), ValueError, /^Sequential: /, pattern);
  });
});
