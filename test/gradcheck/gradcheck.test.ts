import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Affine, Rng, Tensor, ValueError, gradientCheck, gradientCheckLayer, numericalGradient, type Layer } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../helpers.js';

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

  it('accepts |a − n| ≤ 1e-9 + 1e-6·(|a| + |n|) and nothing more, near 0 and far from it', () => {
    // L = c·x has the gradient c; the central difference of a linear function is exact to round-off
    const at = (c: number, analytic: number) => {
      const x = t64([0.5]);
      return gradientCheck(() => x.mul(c).sum().item(), { x }, { x: t64([analytic]) });
    };
    assert.equal(at(0, 0).ok, true);
    assert.equal(at(0, 0.9e-9).ok, true, 'a true gradient of 0 with round-off below 1e-9 passes');
    assert.equal(at(0, 1.2e-9).ok, false, 'but not 1.2e-9');
    assert.equal(at(0, 1e-5).ok, false);
    assert.equal(at(1000, 1000 * (1 + 1.9e-6)).ok, true, '|a − n| = 1.9e-3 ≤ 1e-9 + 1e-6·2000');
    assert.equal(at(1000, 1000 * (1 + 2.1e-6)).ok, false, '|a − n| = 2.1e-3 > 1e-9 + 1e-6·2000');
    assert.equal(at(1e-12, -1e-12).ok, true, 'opposite signs, both far below 1e-9');
    assert.equal(at(1, NaN).ok, false);
    const loose = gradientCheck(() => 0, { x: t64([1]) }, { x: t64([2e-6]) }, { atol: 3e-6 });
    assert.equal(loose.ok, true);
    assert.equal(loose.atol, 3e-6);
    assert.match(at(0, 1e-5).report, /\|a − n\| ≤ 1e-9 \+ 0\.000001·\(\|a\| \+ \|n\|\)/);
    assert.ok(at(0, 1.2e-9).maxRelError.x! > 1e-6 && at(0, 0.9e-9).maxRelError.x! <= 1e-6, 'maxRelError is at most tolerance exactly when the entry passes');
    assertThrows(() => gradientCheck(() => 0, { x: t64([1]) }, { x: t64([0]) }, { atol: -1 }), ValueError, /tolerance must be > 0 and atol ≥ 0, got 0\.000001 and -1/);
  });

  it('catches a layer whose backward forgets a term', () => {
    class BrokenAffine extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        this.grads.b.assign(this.grads.b.mul(0.5)); // a wrong db
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
