import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdaGrad, Adam, Momentum, Nesterov, RMSprop, Rng, SGD, Tensor, ValueError, makeOptimizer, type Optimizer } from '../../src/index.js';
import { assertThrows, f64, snapshot } from '../helpers.js';

/** Two steps on one weight w = 1 with gradients 0.5 then −1, against values worked out by hand. */
function twoSteps(opt: Optimizer): [number, number] {
  const W = Tensor.from([1], f64);
  opt.update({ W }, { W: Tensor.from([0.5], f64) });
  const first = W.data[0]!;
  opt.update({ W }, { W: Tensor.from([-1], f64) });
  return [first, W.data[0]!];
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

describe('optimizers against hand-computed steps (w = 1, g = 0.5 then −1)', () => {
  it('SGD lr 0.1: 0.95, 1.05', () => {
    const [a, b] = twoSteps(new SGD(0.1));
    close(a, 0.95, 'step 1');
    close(b, 1.05, 'step 2');
  });
  it('Momentum lr 0.1, α 0.9: v = −0.05 → 0.95; v = −0.045 + 0.1 = 0.055 → 1.005', () => {
    const [a, b] = twoSteps(new Momentum(0.1, 0.9));
    close(a, 0.95, 'step 1');
    close(b, 1.005, 'step 2');
  });
  it('Nesterov lr 0.1, α 0.9: w += 0.81·v − 0.19·g', () => {
    // step 1: v = −0.05; w = 1 + 0.81·(−0.05) − 0.19·0.5 = 0.8645
    // step 2: v = −0.045 + 0.1 = 0.055; w = 0.8645 + 0.81·0.055 + 0.19 = 1.09905
    const [a, b] = twoSteps(new Nesterov(0.1, 0.9));
    close(a, 0.8645, 'step 1');
    close(b, 1.09905, 'step 2');
  });
  it('AdaGrad lr 0.1: h = 0.25 → w −= 0.05/0.5; h = 1.25 → w += 0.1/√1.25', () => {
    const [a, b] = twoSteps(new AdaGrad(0.1));
    close(a, 1 - 0.05 / (0.5 + 1e-7), 'step 1');
    close(b, a + 0.1 / (Math.sqrt(1.25) + 1e-7), 'step 2');
  });
  it('RMSprop lr 0.1, ρ 0.99: h = 0.0025, then 0.0024750 + 0.01', () => {
    const [a, b] = twoSteps(new RMSprop(0.1, 0.99));
    close(a, 1 - 0.05 / (0.05 + 1e-7), 'step 1');
    const h2 = 0.99 * 0.0025 + 0.01 * 1;
    close(b, a + 0.1 / (Math.sqrt(h2) + 1e-7), 'step 2');
  });
  it("Adam lr 0.001: the book's bias-corrected step size", () => {
    const [a, b] = twoSteps(new Adam(0.001, 0.9, 0.999));
    // step 1: m = 0.05, v = 0.00025, lr_t = 0.001·√0.001/0.1
    const lr1 = (0.001 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    close(a, 1 - (lr1 * 0.05) / (Math.sqrt(0.00025) + 1e-7), 'step 1');
    // step 2: m = 0.05 + 0.1·(−1 − 0.05) = −0.055, v = 0.00025 + 0.001·(1 − 0.00025)
    const lr2 = (0.001 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
    const m2 = 0.05 + 0.1 * (-1 - 0.05);
    const v2 = 0.00025 + 0.001 * (1 - 0.00025);
    close(b, a - (lr2 * m2) / (Math.sqrt(v2) + 1e-7), 'step 2');
  });
});

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
});
