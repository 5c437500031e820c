import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pooling, Rng, ShapeError, Tensor, ValueError, gradientCheckLayer } from '../../src/index.js';
import { assertClose, assertThrows, f64, t64 } from '../helpers.js';
import { ref } from './fixture.js';

const tight = { rtol: 1e-12, atol: 1e-13 };

describe('Pooling (max)', () => {
  it('matches numpy with pad 1 honoured (padding never wins), forward and backward', () => {
    const r = ref.pool!;
    const pool = new Pooling(3, 3, 2, 1);
    assertClose(pool.forward(t64(r.x!)), r.y!, tight);
    assertClose(pool.backward(t64(r.dout!)), r.dx!, tight);
    const neg = new Pooling(2, 2, 2, 1).forward(Tensor.full([1, 1, 2, 2], -5));
    assert.deepEqual(neg.toArray(), [[[[-5, -5], [-5, -5]]]], 'all-negative input: padding must not give 0');
  });

  it('passes float64 gradient checks with stride 1 and 2, pad 0 and 1, odd sizes', () => {
    const rng = new Rng(4);
    for (const [size, stride, pad, H, W] of [[2, 2, 0, 6, 6], [2, 1, 0, 5, 5], [3, 2, 1, 7, 5], [2, 2, 1, 4, 6]] as const) {
      const x = Tensor.randn([2, 2, H, W], rng, f64); // distinct values: no ties within h of each other, almost surely
      const result = gradientCheckLayer(new Pooling(size, size, stride, pad), x, { rng });
      assert.ok(result.ok, `${size} s${stride} p${pad}: ${result.report}`);
    }
  });

  it('rejects windows that cannot fit and pads as large as the window', () => {
    assertThrows(() => new Pooling(2, 2, 2).forward(Tensor.zeros([1, 1, 5, 5])), ShapeError, /\(5 \+ 2·0 − 2\)\/2 \+ 1 = 2\.5 is not a whole number/);
    assertThrows(() => new Pooling(2, 2, 2, 2), ValueError, /pad 2 must be smaller than the 2×2 window/);
    assertThrows(() => new Pooling(3, 3, 1).forward(Tensor.zeros([1, 1, 2, 2])), ShapeError, /larger than the padded height/);
  });
});
