import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchNormalization, Dropout, Flatten, Rng, ShapeError, Tanh, Tensor, ValueError, gradientCheckLayer, type ForwardOptions, type Layer } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

const tight = { rtol: 1e-11, atol: 1e-12 };

describe('Tanh', () => {
  it('matches numpy and passes a gradient check; stays finite at ±1e4', () => {
    const r = ref.tanh!;
    const t = new Tanh();
    assertClose(t.forward(t64(r.x!)), r.y!, tight);
    assertClose(t.backward(t64(r.dout!)), r.dx!, tight);
    const rng = new Rng(1);
    const result = gradientCheckLayer(new Tanh(), Tensor.randn([3, 4], rng, f64), { rng });
    assert.ok(result.ok, result.report);
    assert.deepEqual(new Tanh().forward(t64([-1e4, 1e4])).toArray(), [-1, 1]);
  });
});

describe('Flatten', () => {
  it('flattens (N, ...) and restores the shape in backward', () => {
    const f = new Flatten();
    const y = f.forward(Tensor.zeros([2, 3, 4]));
    assert.deepEqual(y.shape, [2, 12]);
    assert.deepEqual(f.backward(Tensor.zeros([2, 12])).shape, [2, 3, 4]);
    const rng = new Rng(2);
    assert.ok(gradientCheckLayer(new Flatten(), Tensor.randn([2, 2, 3], rng, f64), { rng }).ok);
  });
});

/** Dropout with its mask fixed: the generator is rewound before every forward. */
class FixedMaskDropout implements Layer {
  readonly kind = 'Dropout';
  readonly params = {};
  readonly grads = {};
  private readonly saved;
  constructor(readonly inner: Dropout) {
    this.saved = inner.rng.state();
  }
  forward(x: Tensor, o: ForwardOptions = {}) {
    this.inner.rng.setState(this.saved);
    return this.inner.forward(x, o);
  }
  backward(d: Tensor) {
    return this.inner.backward(d);
  }
}

describe('Dropout', () => {
  it('drops about `ratio` of the values in train mode from the seeded generator, and scales by 1 − ratio in eval mode', () => {
    const x = Tensor.ones([100, 100]);
    const y = new Dropout(0.3, new Rng(5)).forward(x, { train: true });
    const kept = y.sum().item() / x.size;
    assert.ok(Math.abs(kept - 0.7) < 0.02, `kept ${kept}`);
    assert.deepEqual(snapshot(new Dropout(0.3, new Rng(5)).forward(x, { train: true })), snapshot(y), 'same seed, same mask');
    assert.ok(new Dropout(0.3, new Rng(5)).forward(x, { train: false }).data.every((v) => Math.abs(v - 0.7) < 1e-7));
    assert.ok(new Dropout(0.3, new Rng(5)).forward(x).data.every((v) => Math.abs(v - 0.7) < 1e-7), 'eval is the default');
  });

  it('passes a gradient check with its mask fixed, in train and eval mode', () => {
    const rng = new Rng(6);
    for (const train of [true, false]) {
      const result = gradientCheckLayer(new FixedMaskDropout(new Dropout(0.5, new Rng(7))), Tensor.randn([4, 5], rng, f64), { rng, train });
      assert.ok(result.ok, result.report);
    }
  });

  it('rejects ratios outside [0, 1)', () => {
    assertThrows(() => new Dropout(1), ValueError, /ratio must be in \[0, 1\), got 1/);
    assertThrows(() => new Dropout(-0.1), ValueError, /got -0\.1/);
  });
});

describe('BatchNormalization', () => {
  it('matches numpy in train mode on (N, D): output, gradients and running averages', () => {
    const r = ref.bn2d!;
    const bn = new BatchNormalization(t64(r.gamma!), t64(r.beta!));
    assertClose(bn.forward(t64(r.x!), { train: true }), r.y!, tight);
    assertClose(bn.backward(t64(r.dout!)), r.dx!, tight);
    assertClose(bn.grads.gamma, r.dgamma!, tight);
    assertClose(bn.grads.beta, r.dbeta!, tight);
    assertClose(bn.runningMean, r.running_mean!, tight);
    assertClose(bn.runningVar, r.running_var!, tight);
  });

  it('normalizes per channel on (N, C, H, W), matching numpy', () => {
    const r = ref.bn4d!;
    const bn = new BatchNormalization(t64(r.gamma!), t64(r.beta!));
    assertClose(bn.forward(t64(r.x!), { train: true }), r.y!, tight);
    assertClose(bn.backward(t64(r.dout!)), r.dx!, tight);
    assertClose(bn.grads.gamma, r.dgamma!, tight);
  });

  it('passes float64 gradient checks in train mode for 2-D and 4-D input, and in eval mode', () => {
    const rng = new Rng(8);
    for (const shape of [[5, 3], [2, 3, 3, 2]]) {
      const bn = new BatchNormalization(Tensor.randn([3], rng, f64), Tensor.randn([3], rng, f64));
      const result = gradientCheckLayer(bn, Tensor.randn(shape, rng, { ...f64, std: 2 }), { rng, train: true });
      assert.ok(result.ok, `${shape}: ${result.report}`);
    }
    const bn = new BatchNormalization(Tensor.randn([3], rng, f64), Tensor.randn([3], rng, f64));
    bn.forward(Tensor.randn([8, 3], rng, f64), { train: true }); // some running statistics
    const result = gradientCheckLayer(bn, Tensor.randn([4, 3], rng, f64), { rng, train: false });
    assert.ok(result.ok, result.report);
  });

  it('uses the running averages in eval mode and checks shapes', () => {
    const bn = new BatchNormalization(Tensor.ones([2], f64), Tensor.zeros([2], f64), 0);
    bn.forward(t64([[0, 10], [2, 30]]), { train: true }); // momentum 0: running = this batch (mean [1, 20], var [1, 100])
    assertClose(bn.forward(t64([[1, 20], [3, 40]])), [[0, 0], [2 / Math.sqrt(1 + 1e-6), 20 / Math.sqrt(100 + 1e-6)]], tight);
    assertThrows(() => bn.forward(Tensor.zeros([2, 3], f64)), ShapeError, /expected \(N, 2\) or \(N, 2, H, W\) input, got \[2, 3\]/);
    assertThrows(() => new BatchNormalization(Tensor.ones([2]), Tensor.ones([3])), ShapeError, /one length/);
  });
});
