import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeepConvNet, MODEL_KINDS, MultiLayerNet, MultiLayerNetExtend, Sequential, SimpleConvNet, TwoLayerNet, ValueError, buildModel, describeModel, modelFromConfig, modelKind, type Model } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const same = (a: Model, b: Model) => {
  assert.deepEqual(Object.keys(a.params), Object.keys(b.params));
  for (const [k, t] of Object.entries(a.params)) assert.deepEqual(Array.from(t.data), Array.from(b.params[k]!.data), k);
  assert.deepEqual(a.config(), b.config());
};

describe('the table of model kinds', () => {
  it('builds each kind as its class would, with the book\'s defaults', () => {
    same(buildModel('two-layer', { inputShape: [784], outputSize: 10, seed: 3 }), new TwoLayerNet(784, 50, 10, { seed: 3 }));
    same(buildModel('mlp', { inputShape: [20], outputSize: 4, hidden: [8, 6], activation: 'tanh', weightDecay: 0.1, seed: 1 }), new MultiLayerNet({ inputSize: 20, hiddenSizes: [8, 6], outputSize: 4, activation: 'tanh', weightDecay: 0.1, seed: 1 }));
    same(buildModel('mlp-extend', { inputShape: [20], outputSize: 4, hidden: [8], batchNorm: true, dropout: 0.2 }), new MultiLayerNetExtend({ inputSize: 20, hiddenSizes: [8], outputSize: 4, useBatchnorm: true, useDropout: true, dropoutRatio: 0.2 }));
    same(buildModel('simple-conv', { inputShape: [1, 28, 28], outputSize: 10 }), new SimpleConvNet());
    same(buildModel('deep-conv', { inputShape: [1, 28, 28], outputSize: 10, hidden: [30] }), new DeepConvNet({ hiddenSize: 30 }));
  });

  it('rebuilds every kind from its config, and describes it', () => {
    const models: Model[] = [
      new TwoLayerNet(6, 4, 3), new MultiLayerNet({ inputSize: 6, hiddenSizes: [5], outputSize: 3 }),
      new MultiLayerNetExtend({ inputSize: 6, hiddenSizes: [5], outputSize: 3, useBatchnorm: true }), new SimpleConvNet({ inputDim: [1, 8, 8], filterNum: 2, filterSize: 3, pad: 1, hiddenSize: 4, outputSize: 3 }),
      new DeepConvNet({ hiddenSize: 4 }), new Sequential({ inputShape: [6], layers: [{ type: 'Affine', units: 3 }] }),
    ];
    assert.deepEqual(models.map((m) => m.config().model).sort(), [...MODEL_KINDS.values()].filter((k) => k.input !== 'ids').map((k) => k.name).sort(), 'every kind is covered here (the sequence kinds in sequence-kinds.test.ts)');
    for (const m of models) {
      const twin = modelFromConfig(m.config());
      assert.deepEqual(twin.config(), m.config());
      assert.deepEqual(Object.keys(twin.params), Object.keys(m.params));
      assert.deepEqual(Object.keys(twin.buffers), Object.keys(m.buffers));
    }
    assert.deepEqual(models.map(describeModel), [
      'two-layer 6-4-3 relu', 'mlp 6-5-3 relu', 'mlp-extend 6-5-3 relu, batch norm', 'simple-conv (2 filters 3×3, hidden 4)', 'deep-conv (hidden 4, dropout 0.5)', 'sequential (Affine)',
    ]);
  });

  it('refuses a choice the kind does not take, and unknown kinds', () => {
    assertThrows(() => buildModel('mlp', { inputShape: [4], outputSize: 2, batchNorm: true }), ValueError, /^batchNorm works with the models mlp-extend, not mlp$/);
    assertThrows(() => buildModel('simple-conv', { inputShape: [4], outputSize: 2 }), ValueError, /simple-conv: takes images of shape \[C, H, W\], the data has samples of shape \[4\]/);
    assertThrows(() => buildModel('two-layer', { inputShape: [4], outputSize: 2, hidden: [3, 3] }), ValueError, /two-layer: hidden is one number/);
    assertThrows(() => modelKind('resnet'), ValueError, /unknown model "resnet"; known: two-layer, mlp, mlp-extend, simple-conv, deep-conv, sequential/);
    assertThrows(() => modelFromConfig({ model: 'gpt' }), ValueError, /unknown model "gpt"/);
  });

  it('a model names every parameter and buffer of its layers, by name (no guessing)', () => {
    const net = new MultiLayerNetExtend({ inputSize: 4, hiddenSizes: [3, 3], outputSize: 2, useBatchnorm: true });
    assert.deepEqual(Object.keys(net.buffers), ['running_mean1', 'running_var1', 'running_mean2', 'running_var2']);
    assert.equal(net.buffers.running_mean2, net.layers.get('BatchNorm2')!.buffers!.running_mean);
    assert.ok(!(new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2 }) instanceof MultiLayerNetExtend), 'two plain classes');
  });
});
