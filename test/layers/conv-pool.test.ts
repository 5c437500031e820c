import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Convolution, DTypeError, Pooling, Rng, ShapeError, Tensor, ValueError, col2im, gradientCheckLayer, im2col } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

const tight = { rtol: 1e-12, atol: 1e-13 };

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

describe('Convolution', () => {
  it('matches a direct numpy convolution, forward and backward (stride 2, pad 1, 3×2 filters)', () => {
    const r = ref.conv!;
    const conv = new Convolution(t64(r.W!), t64(r.b!), r.stride as number, r.pad as number);
    assertClose(conv.forward(t64(r.x!)), r.y!, tight);
    assertClose(conv.backward(t64(r.dout!)), r.dx!, tight);
    assertClose(conv.grads.W, r.dW!, tight);
    assertClose(conv.grads.b, r.db!, tight);
  });

  it('passes float64 gradient checks with stride 1 and 2, pad 0 and 1, odd sizes', () => {
    const rng = new Rng(2);
    for (const [stride, pad, H, W] of [[1, 0, 5, 5], [1, 1, 5, 4], [2, 0, 7, 5], [2, 1, 7, 5]] as const) {
      const conv = new Convolution(Tensor.randn([3, 2, 3, 3], rng, f64), Tensor.randn([3], rng, f64), stride, pad);
      const result = gradientCheckLayer(conv, Tensor.randn([2, 2, H, W], rng, f64), { rng });
      assert.ok(result.ok, `stride ${stride} pad ${pad}: ${result.report}`);
    }
  });

  it('does not change its arguments', () => {
    const rng = new Rng(3);
    const [W, b, x] = [Tensor.randn([2, 1, 3, 3], rng, f64), Tensor.randn([2], rng, f64), Tensor.randn([1, 1, 5, 5], rng, f64)];
    const before = [W, b, x].map(snapshot);
    const conv = new Convolution(W, b, 1, 1);
    const dout = Tensor.randn(conv.forward(x).shape, rng, f64);
    const d0 = snapshot(dout);
    conv.backward(dout);
    assert.deepEqual([W, b, x].map(snapshot), before);
    assert.deepEqual(snapshot(dout), d0);
  });

  it('explains channel mismatches, windows larger than the input and non-integer output sizes', () => {
    const conv = new Convolution(Tensor.zeros([4, 3, 5, 5]), Tensor.zeros([4]), 2, 0);
    assertThrows(() => conv.forward(Tensor.zeros([1, 1, 28, 28])), ShapeError, /input has 1 channels .* but the filters expect 3/);
    assertThrows(() => conv.forward(Tensor.zeros([1, 3, 4, 4])), ShapeError, /the 5-pixel window is larger than the padded height 4 \+ 2·0 = 4/);
    assertThrows(() => conv.forward(Tensor.zeros([1, 3, 28, 28])), ShapeError, /output height \(28 \+ 2·0 − 5\)\/2 \+ 1 = 12\.5 is not a whole number/);
    assertThrows(() => conv.forward(Tensor.zeros([1, 784])), ShapeError, /expected input of shape \[N, C, H, W\], got \[1, 784\]; reshape flat images to \[N, 1, 28, 28\]/);
    assertThrows(() => conv.forward(Tensor.zeros([1, 3, 9, 9], f64)), DTypeError, /float64 but W is float32/);
    assertThrows(() => new Convolution(Tensor.zeros([4, 3, 5]), Tensor.zeros([4])), ShapeError, /\(FN, C, FH, FW\)/);
    assertThrows(() => new Convolution(Tensor.zeros([4, 3, 5, 5]), Tensor.zeros([3])), ShapeError, /b must have shape \[4\]/);
    assertThrows(() => new Convolution(Tensor.zeros([4, 3, 5, 5]), Tensor.zeros([4]), 0), ValueError, /stride must be an integer ≥ 1, got 0/);
  });
});

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
