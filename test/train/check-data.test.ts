import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, SGD, Sequential, ShapeError, Tensor, Trainer, TrainingDivergedError, TwoLayerNet, ValueError, train } from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

const rng = new Rng(5);
const images = Tensor.randn([30, 6], rng);
const labels = Int32Array.from({ length: 30 }, (_, i) => i % 3);

describe('training data is checked against the model before the first step', () => {
  it('as many labels as samples, in training and test data', () => {
    const net = new TwoLayerNet(6, 4, 3);
    assertThrows(() => new Trainer(net, { train: { images, labels: labels.subarray(0, 29) } }), ShapeError, /^train: 30 training samples but 29 labels; give one label per sample$/);
    assertThrows(() => new Trainer(net, { train: { images, labels }, test: { images, labels: labels.subarray(0, 3) } }), ShapeError, /30 test samples but 3 labels/);
  });

  it('the model\'s input shape, with a hint for unflattened images', () => {
    assertThrows(() => new Trainer(new TwoLayerNet(784, 4, 3), { train: { images: Tensor.zeros([2, 1, 28, 28]), labels: Int32Array.of(0, 1) } }), ShapeError, /the model takes samples of shape \[784\], the training images are \[1, 28, 28\] each; flatten the images/);
  });

  it('labels that the model\'s outputs can name', () => {
    const five = new Sequential({ inputShape: [6], layers: [{ type: 'Affine', units: 2 }] });
    assertThrows(() => new Trainer(five, { train: { images, labels } }), ShapeError, /^train: the model gives 2 scores per sample, but the training labels go up to 2 \(3 classes\); give the last layer 3 units$/);
    assertThrows(() => new Trainer(new TwoLayerNet(6, 4, 3), { train: { images, labels: Int32Array.of(...labels.subarray(0, 29), -1) } }), ValueError, /training label 29 is -1/);
    assertThrows(() => new Trainer(new TwoLayerNet(6, 4, 3), { train: { images, labels: Tensor.zeros([30, 4]) } }), ShapeError, /one-hot rows of 4; give the last layer 4 units/);
    assertThrows(() => new Trainer(new TwoLayerNet(6, 4, 3), { train: { images: Tensor.zeros([0, 6]), labels: new Int32Array(0) } }), ValueError, /the training split is empty/);
  });

  it('the check draws nothing and changes nothing (a run checked is the same run)', () => {
    const make = () => new Sequential({ inputShape: [6], layers: [{ type: 'Affine', units: 5 }, { type: 'BatchNormalization' }, { type: 'Relu' }, { type: 'Dropout', ratio: 0.3 }, { type: 'Affine', units: 3 }], seed: 3 });
    const a = make();
    const before = Object.fromEntries(Object.entries(a.buffers).map(([k, t]) => [k, snapshot(t)]));
    const trainer = new Trainer(a, { train: { images, labels } }, { iters: 4, batchSize: 10 });
    assert.deepEqual(Object.fromEntries(Object.entries(a.buffers).map(([k, t]) => [k, snapshot(t)])), before, 'running averages untouched');
    assert.deepEqual(trainer.state().modelRandom, make().randomState(), 'dropout generator untouched');
  });
});

describe('a loss that explodes', () => {
  it('stops as diverged, naming the loss and the learning rate, before the update', () => {
    const net = new TwoLayerNet(6, 8, 3, { seed: 1, weightInitStd: 1 });
    const err = (() => {
      try {
        train(net, { train: { images: images.mul(100), labels } }, { optimizer: new SGD(1e6), iters: 50, batchSize: 10 });
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.ok(err instanceof TrainingDivergedError, `expected TrainingDivergedError, got ${String(err)}`);
    assert.match(err.message, /the loss exploded \(mean of the last iterations [\d.e+]+, the first was [\d.]+\)\. Hint: lower the learning rate \(now 1000000\)/);
    assert.equal(err.where, 'the loss');
  });

  it('a run that only wobbles is not stopped, and without the guard nothing is stopped', () => {
    const net = new TwoLayerNet(6, 8, 3, { seed: 1 });
    assert.doesNotThrow(() => train(net, { train: { images, labels } }, { optimizer: new SGD(0.5), iters: 60, batchSize: 10 }));
    const wild = new TwoLayerNet(6, 8, 3, { seed: 1, weightInitStd: 1 });
    const r = train(wild, { train: { images: images.mul(100), labels } }, { optimizer: new SGD(1e6), iters: 30, batchSize: 10, nanGuard: false });
    assert.equal(r.lossHistory.length, 30);
  });
});

describe('evaluation on a limited number of samples', () => {
  it('evalLimit evaluates on the first N samples of each split, the same numbers as giving only those', () => {
    const limited = new TwoLayerNet(6, 8, 3, { seed: 4 });
    const copy = new TwoLayerNet(6, 8, 3, { seed: 4 });
    const test = { images: Tensor.randn([40, 6], new Rng(9)), labels: Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 3) };
    const head = (s: { images: Tensor; labels: Int32Array }, n: number) => ({ images: new Tensor(s.images.data.slice(0, n * 6), [n, 6]), labels: s.labels.slice(0, n) });
    const a = train(limited, { train: { images, labels }, test }, { iters: 6, batchSize: 10, evalLimit: 12 });
    // the same batches (the sampler draws from all 30 training samples), evaluated on the first 12 of each split
    const b = new Trainer(copy, { train: { images, labels }, test }, { iters: 6, batchSize: 10 });
    while (!b.done) b.step();
    assert.deepEqual(snapshot(limited.params.W1!), snapshot(copy.params.W1!), 'evaluation does not change training');
    assert.equal(a.trainAcc, copy.accuracy(head({ images, labels }, 12).images, head({ images, labels }, 12).labels));
    assert.equal(a.testAcc, copy.accuracy(head(test, 12).images, head(test, 12).labels));
    assertThrows(() => new Trainer(copy, { train: { images, labels } }, { batchSize: 10, evalLimit: 0 }), ValueError, /evalLimit must be a positive integer, got 0/);
  });
});
