import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Affine, Rng, Tensor, gradientCheck, gradientCheckLayer, numericalGradient, type Layer } from '../../src/index.js';
import { assertClose, f64, snapshot, t64 } from '../helpers.js';

describe('numericalGradient', () => {
  it('approximates the derivative by central difference and restores x exactly', () => {
    const x = t64([3, -4, 0.5]);
    const before = snapshot(x);
    const g = numericalGradient(() => x.mul(x).mul(x).sum().item(), x); // d/dx x³ = 3x²
    assertClose(g, [27, 48, 0.75], { rtol: 1e-7 });
    assert.deepEqual(snapshot(x), before);
  });
});

describe('gradientCheck', () => {
  it('fails on a wrong gradient and names the first differing entries', () => {
    const x = t64([[1, 2], [3, 4]]);
    const wrong = x.mul(2);
    wrong.data[3] = 7.5; // the right value is 8
    const result = gradientCheck(() => x.square().sum().item(), { x }, { x: wrong });
    assert.equal(result.ok, false);
    assert.equal(result.mismatches.length, 1);
    assert.deepEqual(result.mismatches[0]!.index, [1, 1]);
    assert.match(result.report, /FAILED/);
    assert.match(result.report, /x\[1, 1\]: backprop 7\.5, numerical 8/);
  });

  it('catches a layer whose backward forgets a term', () => {
    class BrokenAffine extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        this.grads = { ...this.grads, b: this.grads.b.mul(0.5) }; // a wrong db
        return dx;
      }
    }
    const rng = new Rng(3);
    const layer: Layer = new BrokenAffine(Tensor.randn([3, 2], rng, f64), Tensor.randn([2], rng, f64));
    const result = gradientCheckLayer(layer, Tensor.randn([4, 3], rng, f64), { rng });
    assert.equal(result.ok, false);
    assert.ok(result.maxRelError.b! > 0.1);
    assert.ok(result.maxRelError.W! < 1e-6, 'the other gradients are still right');
  });
});
