import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Affine, DTypeError, Rng, ShapeError, Tensor, gradientCheckLayer } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

describe('Affine', () => {
  it('matches numpy on a batch: Y = X·W + b, dX = dout·Wᵀ, dW = Xᵀ·dout, db = Σ dout', () => {
    const r = ref.affine!;
    const layer = new Affine(t64(r.W!), t64(r.b!));
    assertClose(layer.forward(t64(r.x!)), r.y!, { rtol: 1e-13, atol: 1e-14 });
    assertClose(layer.backward(t64(r.dout!)), r.dx!, { rtol: 1e-13, atol: 1e-14 });
    assertClose(layer.grads.W, r.dW!, { rtol: 1e-13, atol: 1e-14 });
    assertClose(layer.grads.b, r.db!, { rtol: 1e-13, atol: 1e-14 });
  });

  it('matches numpy on a single sample (D,), with dW = outer(x, dout)', () => {
    const r = ref.affine_single!;
    const layer = new Affine(t64(r.W!), t64(r.b!));
    assertClose(layer.forward(t64(r.x!)), r.y!, { rtol: 1e-13, atol: 1e-14 });
    assertClose(layer.backward(t64(r.dout!)), r.dx!, { rtol: 1e-13, atol: 1e-14 });
    assertClose(layer.grads.W, r.dW!, { rtol: 1e-13, atol: 1e-14 });
    assertClose(layer.grads.b, r.db!, { rtol: 1e-13, atol: 1e-14 });
  });

  it('flattens (N, ...) input and reshapes dx back', () => {
    const r = ref.affine!;
    const layer = new Affine(t64(r.W!), t64(r.b!));
    const x4 = t64(r.x!).reshape(3, 2, 2);
    assertClose(layer.forward(x4), r.y!, { rtol: 1e-13, atol: 1e-14 });
    const dx = layer.backward(t64(r.dout!));
    assert.deepEqual(dx.shape, [3, 2, 2]);
    assertClose(dx.reshape(3, 4), r.dx!, { rtol: 1e-13, atol: 1e-14 });
  });

  it('passes a float64 gradient check for dx, dW and db (batch, 4-D input, single sample)', () => {
    const rng = new Rng(1);
    for (const shape of [[5, 6], [3, 2, 3], [6]]) {
      const layer = new Affine(Tensor.randn([6, 4], rng, f64), Tensor.randn([4], rng, f64));
      const result = gradientCheckLayer(layer, Tensor.randn(shape, rng, f64), { rng });
      assert.ok(result.ok, result.report);
      assert.ok(result.maxRelError.x! < 1e-6 && result.maxRelError.W! < 1e-6 && result.maxRelError.b! < 1e-6);
    }
  });

  it('does not change its arguments', () => {
    const rng = new Rng(2);
    const W = Tensor.randn([3, 2], rng, f64);
    const b = Tensor.randn([2], rng, f64);
    const x = Tensor.randn([4, 3], rng, f64);
    const dout = Tensor.randn([4, 2], rng, f64);
    const before = [W, b, x, dout].map(snapshot);
    const layer = new Affine(W, b);
    layer.forward(x);
    layer.backward(dout);
    assert.deepEqual([W, b, x, dout].map(snapshot), before);
  });

  it('explains wrong shapes and dtypes', () => {
    const layer = new Affine(Tensor.zeros([784, 50]), Tensor.zeros([50]));
    assertThrows(() => layer.forward(Tensor.zeros([100, 28, 27])), ShapeError, /Affine: expected input with 784 features, got shape \[100, 28, 27\]/);
    assertThrows(() => layer.forward(Tensor.zeros([28, 28])), ShapeError, /784 features, got shape \[28, 28\]\.\.\. did you mean to flatten\?/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 784], f64)), DTypeError, /input is float64 but W is float32/);
    assertThrows(() => new Affine(Tensor.zeros([3, 2]), Tensor.zeros([3])), ShapeError, /b must have shape \[2\]/);
    assertThrows(() => new Affine(Tensor.zeros([3]), Tensor.zeros([3])), ShapeError, /W must be 2-D/);
    layer.forward(Tensor.zeros([2, 784]));
    assertThrows(() => layer.backward(Tensor.zeros([2, 49])), ShapeError, /dout must have the shape of the forward output \[2, 50\], got \[2, 49\]/);
    assertThrows(() => new Affine(Tensor.zeros([1, 1]), Tensor.zeros([1])).backward(Tensor.zeros([1, 1])), Error, /call forward first/);
  });

  it('keeps the same gradient tensors across backward calls, so a reference kept by the user stays current', () => {
    const r = ref.affine!;
    const layer = new Affine(t64(r.W!), t64(r.b!));
    const { W: dW, b: db } = layer.grads;
    layer.forward(t64(r.x!));
    layer.backward(t64(r.dout!));
    layer.forward(t64(r.x!));
    layer.backwardParams(t64(r.dout!).mul(2));
    assert.equal(layer.grads.W, dW);
    assert.equal(layer.grads.b, db);
    assertClose(dW, t64(r.dW!).mul(2), { rtol: 1e-13, atol: 1e-14 });
    assertClose(db, t64(r.db!).mul(2), { rtol: 1e-13, atol: 1e-14 });
  });
});
