import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, SGD, Tensor, Trainer, TrainingDivergedError, TwoLayerNet, ValueError, train, type EpochRecord } from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

/** Three Gaussian blobs in 8-D: an easy, fast classification task. */
function blobs(n: number, seed: number) {
  const rng = new Rng(seed);
  const centres = Tensor.randn([3, 8], rng, { std: 3 });
  const images = Tensor.zeros([n, 8]);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.int(3);
    for (let j = 0; j < 8; j++) images.data[i * 8 + j] = centres.data[labels[i]! * 8 + j]! + rng.normal();
  }
  return { images, labels };
}

describe('train', () => {
  const data = { train: blobs(250, 1), test: blobs(100, 1) };

  it('learns, evaluates after every epoch (a partial last batch included) and at the end', () => {
    const net = new TwoLayerNet(8, 16, 3, { weightInitStd: 0.1, seed: 2 });
    const epochs: EpochRecord[] = [];
    let calls = 0;
    const result = train(net, data, { optimizer: new SGD(0.1), iters: 20, batchSize: 100, onEpoch: (r) => epochs.push(r), onIteration: () => calls++ });
    // 250 samples / 100 per batch → 3 batches per epoch (100, 100, 50): evaluations at 3, 6, ..., 18 and at 20
    assert.deepEqual(result.history.map((r) => r.iter), [3, 6, 9, 12, 15, 18, 20]);
    assert.deepEqual(epochs, result.history);
    assert.equal(calls, 20);
    assert.equal(result.lossHistory.length, 20);
    assert.ok(result.lossHistory[19]! < result.lossHistory[0]!);
    const long = train(net, data, { optimizer: new SGD(0.1), epochs: 30, batchSize: 50 });
    assert.equal(long.iters, 150);
    assert.ok(long.testAcc! > 0.9, `test accuracy ${long.testAcc}`);
    assert.equal(long.trainAcc, long.history[long.history.length - 1]!.trainAcc);
  });

  it('evaluates the test split, not the training split, for the test accuracy', () => {
    // the same images with every label moved to the next class: a model that learned the training split fails the test split
    const shifted = Int32Array.from(data.train.labels, (l) => (l + 1) % 3);
    const net = new TwoLayerNet(8, 16, 3, { weightInitStd: 0.1, seed: 2 });
    const result = train(net, { train: data.train, test: { images: data.train.images, labels: shifted } }, { optimizer: new SGD(0.1), epochs: 10, batchSize: 50 });
    assert.ok(result.trainAcc! > 0.9, `train accuracy ${result.trainAcc}`);
    assert.ok(result.testAcc! < 0.1, `test accuracy ${result.testAcc} on the test split's labels`);
    assert.ok(result.history.every((r) => r.testAcc! <= 1 - r.trainAcc! + 1e-12), 'no sample can be right under both labels');
  });

  it('gives identical parameters for the same seed, in both sampling modes', () => {
    for (const sampling of ['shuffle', 'random'] as const) {
      const run = (seed: number) => {
        const net = new TwoLayerNet(8, 5, 3, { seed: 1 });
        train(net, data, { iters: 15, batchSize: 32, seed, sampling });
        return snapshot(net.params.W1);
      };
      assert.deepEqual(run(4), run(4));
      assert.notDeepEqual(run(4), run(5));
    }
  });

  it('stops on a non-finite loss, naming the iteration, the layer and a fix', () => {
    const net = new TwoLayerNet(8, 16, 3, { weightInitStd: 1, seed: 3 });
    const big = { train: { images: data.train.images.mul(1e18), labels: data.train.labels } };
    let error: unknown;
    try {
      train(net, big, { optimizer: new SGD(1e10), iters: 50, batchSize: 50 });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TrainingDivergedError, String(error));
    assert.match(error.message, /^training stopped at iteration \d+: /);
    assert.match(error.message, /the first non-finite value appeared in (parameter \w+|the forward output of \w+|the scores reaching SoftmaxWithLoss)/);
    assert.match(error.message, /lower the learning rate \(now 10000000000\), and check the input scaling/);
    assert.ok(error.iteration >= 1 && error.where.length > 0);
  });

  it('stops on a finite loss with a non-finite gradient, naming that gradient, before any update', () => {
    // W1 = 0 makes every hidden unit 0.5 and the loss finite, but dW1 = xᵀ·dz1 with x = 3e38 overflows float32
    const net = new TwoLayerNet(4, 3, 2, { activation: 'sigmoid' });
    net.params.W1!.assign(Tensor.zeros([4, 3]));
    net.params.W2!.assign(Tensor.from([[1000, -1000], [1000, -1000], [1000, -1000]]));
    const huge = { train: { images: Tensor.full([8, 4], 3e38), labels: Int32Array.from({ length: 8 }, (_, i) => i % 2) } };
    assert.ok(Number.isFinite(net.loss(huge.train.images, huge.train.labels)), 'the loss itself is finite');
    let error: unknown;
    try {
      train(net, huge, { optimizer: new SGD(0.1), iters: 3, batchSize: 8 });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TrainingDivergedError, `expected a TrainingDivergedError, got ${String(error)}; W1 is now ${snapshot(net.params.W1!)}`);
    assert.equal(error.iteration, 1);
    assert.match(error.message, /^training stopped at iteration 1: the gradient of W1 became non-finite; the first non-finite value appeared in the gradient of W in Affine1\. /);
    assert.equal(error.where, 'the gradient of W in Affine1');
    assert.deepEqual(snapshot(net.params.W1!), new Array(12).fill(0), 'W1 is unchanged');
  });

  it('Trainer.stop() ends a run between steps; stopReason says why each run ended', () => {
    const trainer = new Trainer(new TwoLayerNet(8, 4, 3, { seed: 1 }), data, { iters: 20, batchSize: 50 });
    assert.equal(trainer.stopReason, null);
    for (let i = 0; i < 7; i++) trainer.step();
    trainer.stop();
    assert.equal(trainer.done, true);
    trainer.step(); // nothing more happens
    assert.equal(trainer.iteration, 7);
    assert.equal(trainer.stopReason, 'stopped');
    assert.deepEqual(trainer.history.map((r) => r.iter), [5, 7], 'an evaluation at the stop, as at the end of a run');
    assert.equal(trainer.result().iters, 7);
    const full = new Trainer(new TwoLayerNet(8, 4, 3, { seed: 1 }), data, { iters: 3, batchSize: 50 });
    while (!full.done) full.step();
    assert.equal(full.result().stopReason, 'done');
  });

  it('rejects contradictory or bad options', () => {
    const net = new TwoLayerNet(8, 4, 3);
    assertThrows(() => train(net, data, { iters: 5, epochs: 1 }), ValueError, /iters or epochs, not both/);
    assertThrows(() => train(net, data, { batchSize: 0 }), ValueError, /batchSize must be a positive integer, got 0/);
    assertThrows(() => train(net, data, { batchSize: 251 }), ValueError, /^train: batchSize 251 is larger than the 250 training samples; use at most 250/);
    assertThrows(() => train(net, data, { iters: 1.5 }), ValueError, /iters must be a positive integer/);
  });
});
