import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Tensor, TimeDropout, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot } from '../../helpers.js';

describe('TimeDropout', () => {
  it("keeps a value where the seeded draw u > ratio and scales it by 1/(1 − ratio), the book's inverted dropout; identity at test time", () => {
    const xs = Tensor.randn([4, 5, 6], new Rng(1), f64);
    const layer = new TimeDropout(0.4, new Rng(9));
    const out = layer.forward(xs, { train: true });
    const u = Tensor.uniform([4, 5, 6], new Rng(9), f64); // the same draws, in the same order
    for (let i = 0; i < xs.size; i++) {
      const expected = u.data[i]! > 0.4 ? xs.data[i]! / 0.6 : 0;
      assert.ok(Math.abs(out.data[i]! - expected) < 1e-15, `entry ${i}`);
    }
    assert.equal(layer.forward(xs), xs, 'test time returns the input itself');
    assert.equal(layer.forward(xs, { train: false }).data, xs.data);
  });

  it('keeps about 1 − ratio of the values and the mean unchanged in expectation', () => {
    const layer = new TimeDropout(0.3, new Rng(2));
    const out = layer.forward(Tensor.ones([20, 10, 50]), { train: true });
    let kept = 0;
    for (const v of out.data) if (v !== 0) kept++;
    assert.ok(Math.abs(kept / out.size - 0.7) < 0.02, `kept ${kept / out.size}`);
    assert.ok(Math.abs(out.mean().item() - 1) < 0.03);
  });

  it('passes a float64 gradient check with its mask fixed (the same seed for every forward), and passes dout through at test time', () => {
    const rng = new Rng(23);
    const xs = Tensor.randn([2, 3, 4], rng, f64);
    const r = Tensor.randn([2, 3, 4], rng, f64);
    const layer = new TimeDropout(0.5, new Rng(4));
    layer.forward(xs, { train: true });
    const dx = layer.backward(r);
    const check = gradientCheck(() => new TimeDropout(0.5, new Rng(4)).forward(xs, { train: true }).mul(r).sum().item(), { xs }, { xs: dx });
    assert.ok(check.ok, check.report);
    layer.forward(xs);
    assertClose(layer.backward(r), r, { rtol: 0, atol: 0 });
  });

  it('does not change its arguments', () => {
    const xs = Tensor.randn([2, 3, 4], new Rng(24), f64);
    const dout = Tensor.randn([2, 3, 4], new Rng(25), f64);
    const before = [xs, dout].map(snapshot);
    const layer = new TimeDropout(0.5, new Rng(0));
    layer.forward(xs, { train: true });
    layer.backward(dout);
    assert.deepEqual([xs, dout].map(snapshot), before);
  });

  it('explains a bad ratio and backward before forward', () => {
    assertThrows(() => new TimeDropout(1), ValueError, /TimeDropout: ratio must be in \[0, 1\), got 1/);
    assertThrows(() => new TimeDropout(0.5).backward(Tensor.zeros([1, 1, 1])), ValueError, /TimeDropout\.backward: call forward first/);
  });
});
