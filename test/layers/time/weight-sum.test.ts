import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, ShapeError, Tensor, ValueError, WeightSum, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ref } from './fixture.js';

const TOL = { rtol: 1e-12, atol: 1e-14 };

describe('WeightSum', () => {
  it('matches numpy: c = Σₜ aₜ·hsₜ, dhs = dc ⊙ a, da = Σ_h dc ⊙ hs', () => {
    const r = ref.weight_sum!;
    const layer = new WeightSum();
    assertClose(layer.forward(t64(r.hs!), t64(r.a!)), r.c!, TOL);
    const { dhs, da } = layer.backward(t64(r.dc!));
    assertClose(dhs, r.dhs!, TOL);
    assertClose(da, r.da!, TOL);
  });

  it('passes a float64 gradient check for hs and a', () => {
    const rng = new Rng(30);
    const [hs, a, r] = [Tensor.randn([2, 4, 3], rng, f64), Tensor.randn([2, 4], rng, f64), Tensor.randn([2, 3], rng, f64)];
    const layer = new WeightSum();
    layer.forward(hs, a);
    const { dhs, da } = layer.backward(r);
    const check = gradientCheck(() => new WeightSum().forward(hs, a).mul(r).sum().item(), { hs, a }, { hs: dhs, a: da });
    assert.ok(check.ok, check.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(31);
    const args = [Tensor.randn([2, 3, 2], rng, f64), Tensor.randn([2, 3], rng, f64), Tensor.randn([2, 2], rng, f64)];
    const before = args.map(snapshot);
    const layer = new WeightSum();
    layer.forward(args[0]!, args[1]!);
    layer.backward(args[2]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains weights that do not match hs and backward before forward', () => {
    assertThrows(() => new WeightSum().forward(Tensor.zeros([2, 3, 4]), Tensor.zeros([2, 4])), ShapeError, /WeightSum\.forward: the weights a must be \[N, T\] = \[2, 3\] \(float32\) to match hs \[2, 3, 4\], got \[2, 4\]/);
    assertThrows(() => new WeightSum().backward(Tensor.zeros([2, 4])), ValueError, /WeightSum\.backward: call forward first/);
  });
});
