import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Tanh, Tensor, gradientCheckLayer } from '../../src/index.js';
import { assertClose, f64, t64 } from '../helpers.js';
import { ref } from './fixture.js';

const tight = { rtol: 1e-11, atol: 1e-12 };

describe('Tanh', () => {
  it('matches numpy and passes a gradient check; stays finite at ±1e4', () => {
    const r = ref.tanh!;
    const t = new Tanh();
    assertClose(t.forward(t64(r.x!)), r.y!, tight);
    assertClose(t.backward(t64(r.dout!)), r.dx!, tight);
    const rng = new Rng(1);
    const result = gradientCheckLayer(new Tanh(), Tensor.randn([3, 4], rng, f64), { rng });
    assert.ok(result.ok, result.report);
    assert.deepEqual(new Tanh().forward(t64([-1e4, 1e4])).toArray(), [-1, 1]);
  });
});
