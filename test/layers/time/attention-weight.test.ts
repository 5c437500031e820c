import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttentionWeight, Rng, ShapeError, Tensor, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ref } from './fixture.js';

const TOL = { rtol: 1e-12, atol: 1e-14 };

describe('AttentionWeight', () => {
  it('matches numpy: a = softmax over t of hsₜ · h, and its backward to hs and h', () => {
    const r = ref.attention_weight!;
    const layer = new AttentionWeight();
    const a = layer.forward(t64(r.hs!), t64(r.h!));
    assertClose(a, r.a!, TOL);
    assertClose(a.sum(1), [1, 1], TOL, 'weights over t sum to 1');
    const { dhs, dh } = layer.backward(t64(r.da!));
    assertClose(dhs, r.dhs!, TOL);
    assertClose(dh, r.dh!, TOL);
  });

  it('passes a float64 gradient check for hs and h', () => {
    const rng = new Rng(28);
    const [hs, h, r] = [Tensor.randn([2, 4, 3], rng, f64), Tensor.randn([2, 3], rng, f64), Tensor.randn([2, 4], rng, f64)];
    const layer = new AttentionWeight();
    layer.forward(hs, h);
    const { dhs, dh } = layer.backward(r);
    const check = gradientCheck(() => new AttentionWeight().forward(hs, h).mul(r).sum().item(), { hs, h }, { hs: dhs, h: dh });
    assert.ok(check.ok, check.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(29);
    const args = [Tensor.randn([2, 3, 2], rng, f64), Tensor.randn([2, 2], rng, f64), Tensor.randn([2, 3], rng, f64)];
    const before = args.map(snapshot);
    const layer = new AttentionWeight();
    layer.forward(args[0]!, args[1]!);
    layer.backward(args[2]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains an h that does not match hs and backward before forward', () => {
    const layer = new AttentionWeight();
    assertThrows(() => layer.forward(Tensor.zeros([2, 3, 4]), Tensor.zeros([2, 5])), ShapeError, /AttentionWeight\.forward: h must be \[N, H\] = \[2, 4\] \(float32\) to match hs \[2, 3, 4\], got \[2, 5\]/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 4]), Tensor.zeros([2, 4])), ShapeError, /expected the encoder states hs of shape \[N, T, D\], got \[2, 4\]/);
    assertThrows(() => layer.backward(Tensor.zeros([2, 3])), ValueError, /AttentionWeight\.backward: call forward first/);
  });
});
