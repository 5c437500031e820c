import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, Tensor, TimeGRU, ValueError, gradientCheck, gradientCheckLayer } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ids, ref } from './fixture.js';

const TOL = { rtol: 1e-11, atol: 1e-13 };

describe('TimeGRU', () => {
  it("matches numpy's loop of GRU cells: hs, dxs, the summed gradients and dh of h₀", () => {
    const r = ref.time_gru!;
    const layer = new TimeGRU(t64(r.Wx!), t64(r.Wh!), t64(r.b!));
    assertClose(layer.forward(t64(r.xs!)), r.hs!, TOL);
    assertClose(layer.backward(t64(r.dhs!)), r.dxs!, TOL);
    for (const k of ['Wx', 'Wh', 'b'] as const) assertClose(layer.grads[k], r[`d${k}`]!, TOL, k);
    assertClose(layer.dh!, r.dh!, TOL);
  });

  it('stateful: h carries to the next forward; setState and resetState', () => {
    const r = ref.time_gru!;
    const layer = new TimeGRU(t64(r.Wx!), t64(r.Wh!), t64(r.b!), { stateful: true });
    layer.forward(t64(r.xs!));
    assertClose(layer.forward(t64(r.xs2!)), r.hs2!, TOL);
    layer.setState(t64(r.h0!));
    assertClose(layer.forward(t64(r.xs!)), r.hs3!, TOL);
    assertClose(layer.backward(t64(r.dhs!)), r.dxs3!, TOL);
    assertClose(layer.dh!, r.dh3!, TOL);
    layer.resetState();
    assertClose(layer.forward(t64(r.xs!)), r.hs!, TOL);
  });

  it('passes a float64 gradient check for xs, every parameter, and h₀', () => {
    const rng = new Rng(15);
    const make = (stateful: boolean) => new TimeGRU(Tensor.randn([3, 9], rng, f64), Tensor.randn([3, 9], rng, f64), Tensor.randn([9], rng, f64), { stateful });
    const result = gradientCheckLayer(make(false), Tensor.randn([2, 4, 3], rng, f64), { rng });
    assert.ok(result.ok, result.report);
    const layer = make(true);
    const xs = Tensor.randn([2, 3, 3], rng, f64);
    const h0 = Tensor.randn([2, 3], rng, f64);
    const r = Tensor.randn([2, 3, 3], rng, f64);
    layer.setState(h0);
    layer.forward(xs);
    layer.backward(r);
    const check = gradientCheck(() => (layer.setState(h0), layer.forward(xs).mul(r).sum().item()), { h0 }, { h0: layer.dh! });
    assert.ok(check.ok, check.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(16);
    const args = [Tensor.randn([2, 6], rng, f64), Tensor.randn([2, 6], rng, f64), Tensor.randn([6], rng, f64), Tensor.randn([2, 3, 2], rng, f64), Tensor.randn([2, 3, 2], rng, f64)];
    const before = args.map(snapshot);
    const layer = new TimeGRU(args[0]!, args[1]!, args[2]!);
    layer.forward(args[3]!);
    layer.backward(args[4]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains ids without an embedding, another batch size while stateful and backward before forward', () => {
    const layer = new TimeGRU(Tensor.zeros([3, 6]), Tensor.zeros([2, 6]), Tensor.zeros([6]), { stateful: true });
    assertThrows(() => layer.forward(ids([[1]]) as unknown as Tensor), DTypeError, /TimeGRU\.forward: the input xs is int32 \(ids\)/);
    assertThrows(() => layer.backward(Tensor.zeros([1, 1, 2])), ValueError, /TimeGRU\.backward: call forward first/);
    layer.forward(Tensor.zeros([4, 2, 3]));
    assertThrows(() => layer.forward(Tensor.zeros([2, 2, 3])), ShapeError, /TimeGRU: the state h must have shape \[2, 2\] for this batch, got \[4, 2\]/);
  });
});
