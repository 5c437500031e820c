import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Attention, Rng, Tensor, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ref } from './fixture.js';

const TOL = { rtol: 1e-12, atol: 1e-14 };

describe('Attention', () => {
  it('matches numpy: the context c, the weights a, and dhs as the sum of both parts', () => {
    const r = ref.attention!;
    const layer = new Attention();
    assertClose(layer.forward(t64(r.hs!), t64(r.h!)), r.c!, TOL);
    assertClose(layer.attentionWeight!, r.a!, TOL);
    const { dhs, dh } = layer.backward(t64(r.dc!));
    assertClose(dhs, r.dhs!, TOL);
    assertClose(dh, r.dh!, TOL);
  });

  it('passes a float64 gradient check for hs and h', () => {
    const rng = new Rng(32);
    const [hs, h, r] = [Tensor.randn([3, 5, 2], rng, f64), Tensor.randn([3, 2], rng, f64), Tensor.randn([3, 2], rng, f64)];
    const layer = new Attention();
    layer.forward(hs, h);
    const { dhs, dh } = layer.backward(r);
    const check = gradientCheck(() => new Attention().forward(hs, h).mul(r).sum().item(), { hs, h }, { hs: dhs, h: dh });
    assert.ok(check.ok, check.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(33);
    const args = [Tensor.randn([2, 3, 2], rng, f64), Tensor.randn([2, 2], rng, f64), Tensor.randn([2, 2], rng, f64)];
    const before = args.map(snapshot);
    const layer = new Attention();
    layer.forward(args[0]!, args[1]!);
    layer.backward(args[2]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains backward before forward', () => {
    assertThrows(() => new Attention().backward(Tensor.zeros([1, 2])), ValueError, /Attention\.backward: call forward first/);
  });
});
