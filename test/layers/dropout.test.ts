import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dropout, Rng, Tensor, ValueError, gradientCheckLayer, type ForwardOptions, type Layer } from '../../src/index.js';
import { assertThrows, f64, snapshot } from '../helpers.js';

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
