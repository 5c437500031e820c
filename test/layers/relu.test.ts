import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Relu, Rng, Tensor, gradientCheckLayer } from '../../src/index.js';
import { assertClose, f64, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

describe('Relu', () => {
  it('matches numpy, including the kink at 0 (gradient 0 there)', () => {
    const r = ref.relu!;
    const layer = new Relu();
    assertClose(layer.forward(t64(r.x!)), r.y!);
    assertClose(layer.backward(t64(r.dout!)), r.dx!);
    const k = new Relu();
    k.forward(t64([-1, 0, 1]));
    assert.deepEqual(k.backward(t64([5, 5, 5])).toArray(), [0, 0, 5]);
  });

  it('passes a float64 gradient check away from the kink', () => {
    const rng = new Rng(5);
    // keep |x| ≥ 0.01 so that x ± h never crosses 0
    const x = Tensor.randn([4, 6], rng, f64);
    for (let i = 0; i < x.size; i++) if (Math.abs(x.data[i]!) < 0.01) x.data[i] = 0.5;
    const result = gradientCheckLayer(new Relu(), x, { rng });
    assert.ok(result.ok, result.report);
  });

  it('does not write into dout (the book version does)', () => {
    const layer = new Relu();
    layer.forward(t64([-1, 2]));
    const dout = t64([3, 4]);
    layer.backward(dout);
    assert.deepEqual(snapshot(dout), [3, 4]);
  });
});
