import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, ValueError, clipGrads } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot } from '../helpers.js';

describe('clipGrads', () => {
  it("scales every gradient by maxNorm / (‖g‖ + 1e−6) when the global norm is above maxNorm (the book's clip_grads)", () => {
    const grads = { W: Tensor.from([[3, 0], [0, 0]], f64), b: Tensor.from([4], f64) }; // ‖g‖ = 5
    const { grads: out, norm, rate } = clipGrads(grads, 1);
    assert.equal(norm, 5);
    assert.equal(rate, 1 / (5 + 1e-6));
    assertClose(out.W!, [[3 * rate, 0], [0, 0]], { rtol: 1e-15 });
    assertClose(out.b!, [4 * rate], { rtol: 1e-15 });
    let sq = 0;
    for (const g of Object.values(out)) sq += g.square().sum().item();
    assert.ok(Math.sqrt(sq) <= 1, 'the clipped norm is at most maxNorm');
  });

  it('leaves gradients under the limit as they are (the same tensors), and never changes the ones given', () => {
    const grads = { W: Tensor.from([0.3, 0.4], f64) };
    const before = snapshot(grads.W);
    const small = clipGrads(grads, 1);
    assert.equal(small.rate, 1);
    assert.equal(small.grads.W, grads.W);
    clipGrads(grads, 0.1);
    assert.deepEqual(snapshot(grads.W), before);
  });

  it('refuses a maxNorm that is not a positive finite number', () => {
    for (const bad of [0, -1, NaN, Infinity]) assertThrows(() => clipGrads({}, bad), ValueError, /clipGrads: maxNorm must be a finite number > 0/);
  });
});
