import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, Momentum, Rng, SGD, Tensor, ValueError, makeOptimizer } from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

describe('optimizer state', () => {
  it('round-trips so that a restored optimizer continues identically', () => {
    for (const name of ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']) {
      const rng = new Rng(1);
      const W = Tensor.randn([3, 2], rng);
      const grads = Array.from({ length: 4 }, () => ({ W: Tensor.randn([3, 2], rng) }));
      const a = makeOptimizer(name, 0.05);
      a.update({ W }, grads[0]!);
      a.update({ W }, grads[1]!);
      const W2 = W.clone();
      const b = makeOptimizer(name, 0.05);
      b.loadState(a.state());
      for (const g of grads.slice(2)) {
        a.update({ W }, g);
        b.update({ W: W2 }, g);
      }
      assert.deepEqual(snapshot(W2), snapshot(W), name);
    }
  });

  it('refuses a state from another optimizer or other hyper-parameters, and bad hyper-parameters', () => {
    assertThrows(() => new Adam().loadState(new SGD(0.1).state()), ValueError, /the state is for 'sgd', not 'adam'/);
    assertThrows(() => new Momentum(0.1, 0.5).loadState(new Momentum(0.1, 0.9).state()), ValueError, /momentum 0\.9, this optimizer 0\.5/);
    assertThrows(() => new Momentum(0.1, 1.5), ValueError, /momentum must be a finite number ≥ 0 and < 1, got 1\.5/);
    assertThrows(() => new Adam(0), ValueError, /learning rate must be a finite number > 0, got 0/);
    assertThrows(() => makeOptimizer('lbfgs'), ValueError, /unknown optimizer "lbfgs"; known: sgd, momentum, nesterov, adagrad, rmsprop, adam/);
    assert.equal(makeOptimizer('adam').hyper.lr, 0.001);
  });

  it('lrFactor scales the learning rate of every optimizer\'s fused step: lr 0.02 × 0.5 is lr 0.01, to the bit', () => {
    for (const name of ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']) {
      for (const size of [6, 1024]) { // below and above the WebAssembly kernels' threshold
        const rng = new Rng(2);
        const W = Tensor.randn([size], rng);
        const grads = Array.from({ length: 3 }, () => ({ W: Tensor.randn([size], rng) }));
        const W2 = W.clone();
        const scaled = makeOptimizer(name, 0.02);
        scaled.lrFactor = 0.5;
        const plain = makeOptimizer(name, 0.01);
        for (const g of grads) {
          scaled.update({ W }, g);
          plain.update({ W: W2 }, g);
        }
        assert.deepEqual(snapshot(W), snapshot(W2), `${name}, ${size} values`);
        assert.equal(scaled.hyper.lr, 0.02, 'the base rate stays');
      }
    }
    const sgd = new SGD(0.1);
    sgd.lrFactor = -0.5;
    assertThrows(() => sgd.update({ W: Tensor.ones([1]) }, { W: Tensor.ones([1]) }), ValueError, /SGD\.update: lrFactor must be a finite number ≥ 0, got -0\.5/);
  });
});
