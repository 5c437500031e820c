import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flatten, Rng, Tensor, gradientCheckLayer } from '../../src/index.js';
import { f64 } from '../helpers.js';

describe('Flatten', () => {
  it('flattens (N, ...) and restores the shape in backward', () => {
    const f = new Flatten();
    const y = f.forward(Tensor.zeros([2, 3, 4]));
    assert.deepEqual(y.shape, [2, 12]);
    assert.deepEqual(f.backward(Tensor.zeros([2, 12])).shape, [2, 3, 4]);
    const rng = new Rng(2);
    assert.ok(gradientCheckLayer(new Flatten(), Tensor.randn([2, 2, 3], rng, f64), { rng }).ok);
  });
});
