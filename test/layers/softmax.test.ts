import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Softmax, Tensor, gradientCheckLayer } from '../../src/index.js';
import { assertClose, f64, t64 } from '../helpers.js';
import { ref } from './fixture.js';

describe('Softmax', () => {
  it('matches numpy forward and backward', () => {
    const r = ref.softmax!;
    const layer = new Softmax();
    assertClose(layer.forward(t64(r.x!)), r.y!, { rtol: 1e-14, atol: 1e-16 });
    assertClose(layer.backward(t64(r.dout!)), r.dx!, { rtol: 1e-12, atol: 1e-15 });
  });

  it('is stable for logits of 1e4', () => {
    const y = new Softmax().forward(Tensor.from([[1e4, 1e4 - 1, 0], [-1e4, 0, 1e4]]));
    assert.ok(y.isFinite());
    assert.ok(Math.abs(y.data[0]! - 1 / (1 + Math.exp(-1))) < 1e-6);
    assert.equal(y.data[5], 1);
  });

  it('passes a float64 gradient check', () => {
    const rng = new Rng(7);
    const result = gradientCheckLayer(new Softmax(), Tensor.randn([4, 5], rng, f64), { rng });
    assert.ok(result.ok, result.report);
  });
});
