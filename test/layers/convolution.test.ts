import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Convolution, DTypeError, Rng, ShapeError, Tensor, ValueError, gradientCheckLayer } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

const tight = { rtol: 1e-12, atol: 1e-13 };

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

  it('keeps the same gradient tensors across backward calls, so a reference kept by the user stays current', () => {
    const r = ref.conv!;
    const conv = new Convolution(t64(r.W!), t64(r.b!), r.stride as number, r.pad as number);
    const { W: dW, b: db } = conv.grads;
    conv.forward(t64(r.x!));
    conv.backward(t64(r.dout!).mul(3));
    conv.forward(t64(r.x!));
    conv.backwardParams(t64(r.dout!));
    assert.equal(conv.grads.W, dW);
    assert.equal(conv.grads.b, db);
    assertClose(dW, r.dW!, tight);
    assertClose(db, r.db!, tight);
  });
});
