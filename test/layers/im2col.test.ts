import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Tensor, col2im, im2col } from '../../src/index.js';
import { f64 } from '../helpers.js';

describe('im2col / col2im', () => {
  it('lays out windows as rows in (c, ky, kx) order', () => {
    const x = Tensor.from(Array.from({ length: 9 }, (_, i) => i), { shape: [1, 1, 3, 3] });
    assert.deepEqual(im2col(x, 2, 2).toArray(), [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]);
    assert.deepEqual(im2col(x, 3, 3, 2, 1).toArray(), [
      [0, 0, 0, 0, 0, 1, 0, 3, 4],
      [0, 0, 0, 1, 2, 0, 4, 5, 0],
      [0, 3, 4, 0, 6, 7, 0, 0, 0],
      [4, 5, 0, 7, 8, 0, 0, 0, 0],
    ]);
  });

  it('col2im is the adjoint of im2col: ⟨col2im(y), x⟩ = ⟨y, im2col(x)⟩', () => {
    const rng = new Rng(1);
    for (const [shape, fh, fw, stride, pad] of [[[2, 3, 7, 5], 3, 3, 1, 1], [[1, 2, 6, 6], 2, 2, 2, 0], [[2, 1, 5, 6], 3, 2, 2, 1], [[1, 1, 4, 4], 4, 4, 1, 0]] as const) {
      const x = Tensor.randn(shape, rng, f64);
      const cx = im2col(x, fh, fw, stride, pad);
      const y = Tensor.randn(cx.shape, rng, f64);
      const lhs = col2im(y, shape, fh, fw, stride, pad).mul(x).sum().item();
      const rhs = y.mul(cx).sum().item();
      assert.ok(Math.abs(lhs - rhs) <= 1e-12 * Math.max(1, Math.abs(lhs)), `${shape} ${fh}x${fw} s${stride} p${pad}: ${lhs} vs ${rhs}`);
    }
  });
});
