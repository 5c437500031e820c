import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, ShapeError, Sigmoid, Tensor, ValueError, gradientCheckLayer } from '../../src/index.js';
import { assertClose, assertThrows, f64, t64 } from '../helpers.js';
import { ref } from './fixture.js';

describe('Sigmoid', () => {
  it('matches numpy forward and backward', () => {
    const r = ref.sigmoid!;
    const layer = new Sigmoid();
    assertClose(layer.forward(t64(r.x!)), r.y!, { rtol: 1e-14, atol: 1e-16 });
    assertClose(layer.backward(t64(r.dout!)), r.dx!, { rtol: 1e-13, atol: 1e-16 });
  });

  it('stays finite and exact at ±1000 and ±1e4 in float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const layer = new Sigmoid();
      const y = layer.forward(Tensor.from([-1e4, -1000, -30, 30, 1000, 1e4], { dtype }));
      assert.ok(y.isFinite());
      assert.equal(y.data[0], 0);
      assert.equal(y.data[5], 1);
      assert.ok(Math.abs(y.data[2]! - 9.357622968840175e-14) < 1e-19);
      const dx = layer.backward(Tensor.ones([6], { dtype }));
      assert.ok(dx.isFinite());
      assert.equal(dx.data[0], 0);
    }
  });

  it('passes a float64 gradient check', () => {
    const rng = new Rng(6);
    const result = gradientCheckLayer(new Sigmoid(), Tensor.randn([3, 7], rng, { ...f64, std: 2 }), { rng });
    assert.ok(result.ok, result.report);
  });

  it('rejects a non-tensor input and a mismatched dout', () => {
    const layer = new Sigmoid();
    assertThrows(() => layer.forward([1, 2] as unknown as Tensor), ValueError, /Sigmoid.forward: expected the input to be a Tensor, got an array \(wrap it with Tensor.from\)/);
    layer.forward(t64([[1, 2]]));
    assertThrows(() => layer.backward(t64([1, 2])), ShapeError, /Sigmoid.backward: dout must have the shape of the forward output \[1, 2\], got \[2\]/);
  });
});
