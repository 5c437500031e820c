import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, Tensor, TwoLayerNet, ValueError, gradientCheck } from '../../src/index.js';
import { assertThrows, f64, snapshot } from '../helpers.js';

function batch(rng: Rng, n: number, d: number, c: number, dtype: 'float32' | 'float64') {
  const x = Tensor.randn([n, d], rng, { dtype });
  const t = Array.from({ length: n }, () => rng.int(c));
  return { x, t };
}

describe('TwoLayerNet', () => {
  it("has the book's parameters and layers in order", () => {
    const net = new TwoLayerNet(784, 50, 10);
    assert.deepEqual(Object.keys(net.params), ['W1', 'b1', 'W2', 'b2']);
    assert.deepEqual(net.params.W1.shape, [784, 50]);
    assert.deepEqual(net.params.b1.shape, [50]);
    assert.deepEqual(net.params.W2.shape, [50, 10]);
    assert.deepEqual(net.params.b2.shape, [10]);
    assert.deepEqual([...net.layers.keys()], ['Affine1', 'Relu1', 'Affine2']);
    assert.deepEqual([...new TwoLayerNet(4, 3, 2, { activation: 'sigmoid' }).layers.keys()], ['Affine1', 'Sigmoid1', 'Affine2']);
    assert.equal(net.lastLayer.kind, 'SoftmaxWithLoss');
    // weights ~ 0.01·N(0, 1), biases 0
    const w = net.params.W1;
    const std = Math.sqrt(w.square().mean().item());
    assert.ok(Math.abs(std - 0.01) < 0.0005, `std ${std}`);
    assert.equal(net.params.b1.abs().sum().item(), 0);
  });

  it('is deterministic for a seed', () => {
    assert.deepEqual(snapshot(new TwoLayerNet(20, 5, 3, { seed: 9 }).params.W2), snapshot(new TwoLayerNet(20, 5, 3, { seed: 9 }).params.W2));
    assert.notDeepEqual(snapshot(new TwoLayerNet(20, 5, 3, { seed: 9 }).params.W2), snapshot(new TwoLayerNet(20, 5, 3, { seed: 10 }).params.W2));
  });

  for (const activation of ['relu', 'sigmoid'] as const) {
    it(`backprop matches the numerical gradient in float64 (${activation}, relative error < 1e-6)`, () => {
      const rng = new Rng(21);
      const net = new TwoLayerNet(12, 7, 4, { dtype: 'float64', weightInitStd: 0.5, activation, seed: 3 });
      const { x, t } = batch(rng, 5, 12, 4, 'float64');
      const grads = net.gradient(x, t);
      const result = gradientCheck(() => net.loss(x, t, { train: true }), net.params, grads);
      assert.ok(result.ok, result.report);
      const numeric = net.numericalGradient(x, t);
      assert.deepEqual(Object.keys(numeric), ['W1', 'b1', 'W2', 'b2']);
    });
  }

  it("backprop and numerical gradients agree in float32 the book's way (mean absolute difference)", () => {
    // The book runs this check in numpy's float64 and sees ~1e-10. In float32 the loss itself
    // is only good to ~1e-7, so the central difference carries ~1e-7/2h ≈ 5e-4 of noise:
    // we require the mean |backprop − numerical| to be below 1e-3 and below 5% of the mean |gradient|,
    // which a wrong gradient (a missing term, a wrong factor) cannot meet.
    const rng = new Rng(22);
    const net = new TwoLayerNet(64, 20, 10, { seed: 1, weightInitStd: 0.1 });
    const x = Tensor.uniform([3, 64], rng); // pixel-like inputs in [0, 1)
    const t = [1, 5, 9];
    const grads = net.gradient(x, t);
    const numeric = net.numericalGradient(x, t);
    for (const k of ['W1', 'b1', 'W2', 'b2'] as const) {
      const diff = grads[k]!.sub(numeric[k]!).abs().mean().item();
      const scale = grads[k]!.abs().mean().item();
      assert.ok(diff < 1e-3 && diff < 0.05 * scale, `${k}: mean |backprop − numerical| = ${diff}, mean |gradient| = ${scale}`);
    }
  });

  it('learns: a few SGD steps lower the loss on a fixed batch', () => {
    const rng = new Rng(23);
    const net = new TwoLayerNet(20, 10, 3, { weightInitStd: 0.1 });
    const { x, t } = batch(rng, 30, 20, 3, 'float32');
    const first = net.loss(x, t);
    for (let i = 0; i < 50; i++) {
      const g = net.gradient(x, t);
      for (const k of Object.keys(g)) net.params[k as 'W1']!.assign(net.params[k as 'W1'].sub(g[k]!.mul(0.5)));
    }
    assert.ok(net.loss(x, t) < first * 0.5, `${first} → ${net.loss(x, t)}`);
    assert.ok(net.accuracy(x, t, { batchSize: 7 }) > 0.8);
  });

  it('computes accuracy in batches with index or one-hot labels', () => {
    const net = new TwoLayerNet(2, 2, 2, { dtype: 'float64' });
    net.setParams({
      W1: Tensor.from([[1, 0], [0, 1]], f64),
      b1: Tensor.zeros([2], f64),
      W2: Tensor.from([[1, 0], [0, 1]], f64),
      b2: Tensor.zeros([2], f64),
    });
    const x = Tensor.from([[1, 0], [0, 1], [2, 0], [0, 3], [5, 1]], f64);
    assert.equal(net.accuracy(x, [0, 1, 0, 1, 1], { batchSize: 2 }), 0.8);
    assert.equal(net.accuracy(x, Tensor.from([[1, 0], [0, 1], [1, 0], [0, 1], [1, 0]], f64)), 1);
  });

  it('setParams validates names, shapes and dtypes and copies in place', () => {
    const net = new TwoLayerNet(4, 3, 2);
    const p = net.params;
    const good = { W1: Tensor.ones([4, 3]), b1: Tensor.ones([3]), W2: Tensor.ones([3, 2]), b2: Tensor.ones([2]) };
    net.setParams(good);
    assert.equal(net.params.W1, p.W1, 'the same tensors, updated in place');
    assert.equal(net.params.W1.data[0], 1);
    good.W1.data[0] = 5;
    assert.equal(net.params.W1.data[0], 1, 'no aliasing with the given tensors');
    assertThrows(() => net.setParams({ ...good, W3: Tensor.ones([1]) }), ValueError, /unknown W3/, /expected exactly W1, b1, W2, b2/);
    const { b2: _, ...missing } = good;
    assertThrows(() => net.setParams(missing), ValueError, /missing b2/);
    assertThrows(() => net.setParams({ ...good, W2: Tensor.ones([2, 3]) }), ShapeError, /'W2' must have shape \[3, 2\], got \[2, 3\]/);
    assertThrows(() => net.setParams({ ...good, b1: Tensor.ones([3], f64) }), DTypeError, /'b1' must be float32, got float64/);
  });

  it('rejects bad construction arguments', () => {
    assertThrows(() => new TwoLayerNet(0, 5, 2), ValueError, /inputSize must be a positive integer, got 0/);
    assertThrows(() => new TwoLayerNet(4, 5, 2, { activation: 'tanh' as 'relu' }), ValueError, /'relu' or 'sigmoid', got "tanh"/);
    assertThrows(() => new TwoLayerNet(4, 5, 2, { weightInitStd: -1 }), ValueError, /weightInitStd/);
  });
});
