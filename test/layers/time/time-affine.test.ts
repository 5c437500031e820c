import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, Tensor, TimeAffine, ValueError, gradientCheckLayer } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ids, ref } from './fixture.js';

const TOL = { rtol: 1e-13, atol: 1e-14 };

describe('TimeAffine', () => {
  it('matches numpy: out = xs·W + b over the N·T rows, dx = dout·Wᵀ, dW = xᵀ·dout, db = Σ dout', () => {
    const r = ref.time_affine!;
    const layer = new TimeAffine(t64(r.W!), t64(r.b!));
    assertClose(layer.forward(t64(r.xs!)), r.out!, TOL);
    assertClose(layer.backward(t64(r.dout!)), r.dxs!, TOL);
    assertClose(layer.grads.W, r.dW!, TOL);
    assertClose(layer.grads.b, r.db!, TOL);
  });

  it('with transposeW reads W (M, D) as Wᵀ: the same outputs and dx, and dW transposed (weight tying)', () => {
    const r = ref.time_affine!;
    const layer = new TimeAffine(t64(r.W!).transpose(), t64(r.b!), { transposeW: true });
    assertClose(layer.forward(t64(r.xs!)), r.out!, TOL);
    assertClose(layer.backward(t64(r.dout!)), r.dxs!, TOL);
    assertClose(layer.grads.W, t64(r.dW!).transpose(), TOL);
  });

  it('passes a float64 gradient check, plain and transposed', () => {
    const rng = new Rng(17);
    for (const transposeW of [false, true]) {
      const layer = new TimeAffine(Tensor.randn(transposeW ? [5, 3] : [3, 5], rng, f64), Tensor.randn([5], rng, f64), { transposeW });
      const result = gradientCheckLayer(layer, Tensor.randn([2, 4, 3], rng, f64), { rng });
      assert.ok(result.ok, result.report);
    }
  });

  it('does not change its arguments', () => {
    const rng = new Rng(18);
    const args = [Tensor.randn([3, 2], rng, f64), Tensor.randn([2], rng, f64), Tensor.randn([2, 2, 3], rng, f64), Tensor.randn([2, 2, 2], rng, f64)];
    const before = args.map(snapshot);
    const layer = new TimeAffine(args[0]!, args[1]!);
    layer.forward(args[2]!);
    layer.backward(args[3]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains wrong shapes, ids, a bad bias and backward before forward', () => {
    const layer = new TimeAffine(Tensor.zeros([4, 3]), Tensor.zeros([3]));
    assertThrows(() => layer.forward(Tensor.zeros([2, 4])), ShapeError, /TimeAffine\.forward: expected the input xs of shape \[N, T, 4\], got \[2, 4\]/);
    assertThrows(() => layer.forward(ids([[[1, 2, 3, 4]]]) as unknown as Tensor), DTypeError, /int32 \(ids\)/);
    assertThrows(() => layer.backward(Tensor.zeros([1, 1, 3])), ValueError, /call forward first/);
    assertThrows(() => new TimeAffine(Tensor.zeros([4, 3]), Tensor.zeros([4])), ShapeError, /b must have shape \[3\]/);
    assertThrows(() => new TimeAffine(Tensor.zeros([4, 3]), Tensor.zeros([3]), { transposeW: true }), ShapeError, /b must have shape \[4\] to match W \[4, 3\] \(transposed\)/);
  });
});
