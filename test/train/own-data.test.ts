/**
 * A new user's first programs with their own arrays: XOR, the spiral of the book's second volume
 * (ch. 1) and y = sin(x), each written with Sequential + train as the README shows them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, Rng, Sequential, Tensor, ValueError, evaluate, train, type EpochRecord } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

/** The spiral data of the book's second volume (ch01/dataset/spiral.py): 3 arms of `n` points. */
function spiral(n: number, seed: number) {
  const rng = new Rng(seed);
  const images = Tensor.zeros([3 * n, 2]);
  const labels: number[] = [];
  for (let j = 0; j < 3; j++) {
    for (let i = 0; i < n; i++) {
      const rate = i / n;
      const theta = j * 4 + 4 * rate + rng.normal() * 0.2;
      images.data.set([rate * Math.sin(theta), rate * Math.cos(theta)], (j * n + i) * 2);
      labels.push(j);
    }
  }
  return { images, labels };
}

/** y = sin(x) + noise on [−3, 3]. */
function sine(n: number, seed: number, noise = 0.05) {
  const rng = new Rng(seed);
  const xs = Array.from({ length: n }, () => -3 + 6 * rng.uniform());
  return { images: Tensor.from(xs, { shape: [n, 1] }), labels: xs.map((x) => Math.sin(x) + noise * rng.normal()) };
}

describe('your own arrays, as a new user writes them', () => {
  it('XOR: four rows, number[] labels, a yes/no output, the default batch', () => {
    const net = new Sequential({ inputShape: [2], layers: [{ type: 'Affine', units: 8 }, { type: 'Tanh' }, { type: 'Affine', units: 1 }], loss: 'sigmoid-cross-entropy', seed: 1 });
    const images = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const labels: number[] = [0, 1, 1, 0]; // a plain list, as the types accept
    const result = train(net, { train: { images, labels } }, { optimizer: new Adam(0.05), epochs: 300 });
    assert.equal(result.iters, 300, 'four samples with the default batch size: one batch of 4 per epoch');
    assert.equal(result.trainAcc, 1);
    const p = net.predictProba(images);
    assert.deepEqual(Array.from(p.data, (v) => (v > 0.5 ? 1 : 0)), labels);
  });

  it('the spiral: three classes, 300 points, 150 epochs of three batches of the default 100', () => {
    const data = spiral(100, 1);
    const net = new Sequential({ inputShape: [2], layers: [{ type: 'Affine', units: 32 }, { type: 'Relu' }, { type: 'Affine', units: 32 }, { type: 'Relu' }, { type: 'Affine', units: 3 }], seed: 2 });
    const result = train(net, { train: data }, { optimizer: new Adam(0.02), epochs: 150, metrics: ['f1'] });
    assert.equal(result.iters, 450);
    assert.ok(result.trainAcc! > 0.95, `train accuracy ${result.trainAcc}`);
    assert.ok(result.train.f1! > 0.95, `macro F1 ${result.train.f1}`);
    const e = evaluate(net, spiral(50, 9));
    assert.ok(e.task === 'classification' && e.accuracy > 0.9, `accuracy on fresh points ${JSON.stringify(e)}`);
    const rows = net.predictProba(spiral(5, 3).images).toArray() as number[][];
    for (const row of rows) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  });

  it('y = sin(x): regression without a hand-written loop, 50 samples with the default batch', () => {
    const net = new Sequential({ inputShape: [1], layers: [{ type: 'Affine', units: 32 }, { type: 'Tanh' }, { type: 'Affine', units: 1 }], loss: 'mean-squared-error', seed: 3 });
    const records: EpochRecord[] = [];
    const result = train(net, { train: sine(50, 1), test: sine(50, 2) }, { optimizer: new Adam(0.02), epochs: 400, onEpoch: (r) => records.push(r) });
    assert.equal(result.iters, 400, '50 samples and the default batch size: batches of 50');
    assert.equal(result.trainAcc, null);
    assert.deepEqual(Object.keys(records[0]!.train).sort(), ['loss', 'mae', 'mse', 'r2']);
    assert.ok(result.test!.r2! > 0.97, `test R² ${result.test!.r2}`);
    const y = net.predict(Tensor.from([[0], [Math.PI / 2]])).data;
    assert.ok(Math.abs(y[0]!) < 0.1 && Math.abs(y[1]! - 1) < 0.1, `sin(0) ≈ ${y[0]}, sin(π/2) ≈ ${y[1]}`);
  });

  it('onEpoch can stop a run: by returning false, or through control.stop()', () => {
    const make = () => new Sequential({ inputShape: [1], layers: [{ type: 'Affine', units: 8 }, { type: 'Tanh' }, { type: 'Affine', units: 1 }], loss: 'mean-squared-error', seed: 3 });
    const byReturn = train(make(), { train: sine(50, 1) }, { optimizer: new Adam(0.02), epochs: 1000, onEpoch: (r) => r.train.mse! > 0.01 });
    assert.equal(byReturn.stopReason, 'stopped');
    assert.ok(byReturn.train.mse! <= 0.01 && byReturn.history.length < 1000, `stopped at epoch ${byReturn.history.length}, mse ${byReturn.train.mse}`);
    assert.equal(byReturn.iters, byReturn.history.length);
    const byControl = train(make(), { train: sine(50, 1) }, { optimizer: new Adam(0.02), epochs: 1000, onEpoch: (r, control) => { if (r.epoch === 7) control.stop(); } });
    assert.deepEqual([byControl.stopReason, byControl.history.length, byControl.iters], ['stopped', 7, 7]);
  });

  it('a gradient kept from a layer before training is the layer\'s gradient after it (XOR)', () => {
    const net = new Sequential({ inputShape: [2], layers: [{ type: 'Affine', units: 8 }, { type: 'Tanh' }, { type: 'Affine', units: 1 }], loss: 'sigmoid-cross-entropy', seed: 1 });
    const dW = net.layers.get('Affine1')!.grads.W!; // kept, as a user watching the gradients would
    const images = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const norms: number[] = [];
    train(net, { train: { images, labels: [0, 1, 1, 0] } }, { optimizer: new Adam(0.05), epochs: 20, onIteration: () => void norms.push(dW.square().sum().item()) });
    assert.equal(net.layers.get('Affine1')!.grads.W, dW);
    assert.ok(norms.every((v) => v > 0) && new Set(norms).size === norms.length, 'a new gradient every step, seen through the same reference');
    const fresh = net.gradient(images, [0, 1, 1, 0]).W1!;
    assert.deepEqual(Array.from(dW.data), Array.from(fresh.data));
  });

  it('an explicit batch larger than the data stays an error naming both numbers', () => {
    const net = new Sequential({ inputShape: [1], layers: [{ type: 'Affine', units: 1 }], loss: 'mean-squared-error' });
    assertThrows(() => train(net, { train: sine(50, 1) }, { batchSize: 64 }), ValueError, /^train: batchSize 64 is larger than the 50 training samples; use at most 50/);
  });

  it('metrics that are not the task\'s are refused, naming those that are', () => {
    const net = new Sequential({ inputShape: [1], layers: [{ type: 'Affine', units: 1 }], loss: 'mean-squared-error' });
    assertThrows(() => train(net, { train: sine(10, 1) }, { metrics: ['accuracy'] }), ValueError, /^train: "accuracy" is not a regression metric; use loss, mse, mae, r2$/);
  });
});
