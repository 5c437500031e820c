import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, Tensor, TimeLSTM, ValueError, gradientCheck, gradientCheckLayer } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ids, ref } from './fixture.js';

const TOL = { rtol: 1e-11, atol: 1e-13 };

describe('TimeLSTM', () => {
  it("matches numpy's loop of LSTM cells: hs, dxs, the summed gradients and dh of h₀", () => {
    const r = ref.time_lstm!;
    const layer = new TimeLSTM(t64(r.Wx!), t64(r.Wh!), t64(r.b!));
    assertClose(layer.forward(t64(r.xs!)), r.hs!, TOL);
    assertClose(layer.backward(t64(r.dhs!)), r.dxs!, TOL);
    for (const k of ['Wx', 'Wh', 'b'] as const) assertClose(layer.grads[k], r[`d${k}`]!, TOL, k);
    assertClose(layer.dh!, r.dh!, TOL);
  });

  it('stateful: h and c carry to the next forward; setState(h, c) starts from them; resetState from zeros', () => {
    const r = ref.time_lstm!;
    const layer = new TimeLSTM(t64(r.Wx!), t64(r.Wh!), t64(r.b!), { stateful: true });
    layer.forward(t64(r.xs!));
    assertClose(layer.forward(t64(r.xs2!)), r.hs2!, TOL);
    layer.setState(t64(r.h0!), t64(r.c0!));
    assertClose(layer.forward(t64(r.xs!)), r.hs3!, TOL);
    assertClose(layer.backward(t64(r.dhs!)), r.dxs3!, TOL);
    assertClose(layer.grads.Wx, r.dWx3!, TOL);
    assertClose(layer.dh!, r.dh3!, TOL);
    layer.resetState();
    assert.equal(layer.h, null);
    assertClose(layer.forward(t64(r.xs!)), r.hs!, TOL);
  });

  it('passes a float64 gradient check for xs and every parameter, and for h₀ and c₀ of a stateful layer', () => {
    const rng = new Rng(11);
    const make = (stateful: boolean) => new TimeLSTM(Tensor.randn([3, 12], rng, f64), Tensor.randn([3, 12], rng, f64), Tensor.randn([12], rng, f64), { stateful });
    const result = gradientCheckLayer(make(false), Tensor.randn([2, 4, 3], rng, f64), { rng });
    assert.ok(result.ok, result.report);
    const layer = make(true);
    const xs = Tensor.randn([2, 3, 3], rng, f64);
    const [h0, c0] = [Tensor.randn([2, 3], rng, f64), Tensor.randn([2, 3], rng, f64)];
    const r = Tensor.randn([2, 3, 3], rng, f64);
    layer.setState(h0, c0);
    layer.forward(xs);
    layer.backward(r);
    const loss = () => {
      layer.setState(h0, c0);
      return layer.forward(xs).mul(r).sum().item();
    };
    const check = gradientCheck(loss, { h0 }, { h0: layer.dh! });
    assert.ok(check.ok, check.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(12);
    const args = [Tensor.randn([2, 8], rng, f64), Tensor.randn([2, 8], rng, f64), Tensor.randn([8], rng, f64), Tensor.randn([2, 3, 2], rng, f64), Tensor.randn([2, 3, 2], rng, f64)];
    const before = args.map(snapshot);
    const layer = new TimeLSTM(args[0]!, args[1]!, args[2]!);
    layer.forward(args[3]!);
    layer.backward(args[4]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains ids without an embedding, another batch size while stateful, a bad state and backward before forward', () => {
    const layer = new TimeLSTM(Tensor.zeros([3, 8]), Tensor.zeros([2, 8]), Tensor.zeros([8]), { stateful: true });
    assertThrows(() => layer.forward(ids([[1]]) as unknown as Tensor), DTypeError, /TimeLSTM\.forward: the input xs is int32 \(ids\)/);
    assertThrows(() => layer.backward(Tensor.zeros([1, 1, 2])), ValueError, /TimeLSTM\.backward: call forward first/);
    layer.forward(Tensor.zeros([4, 2, 3]));
    assertThrows(() => layer.forward(Tensor.zeros([5, 2, 3])), ShapeError, /TimeLSTM: the state h must have shape \[5, 2\] for this batch, got \[4, 2\]; the state holds a batch of 4, call resetState\(\)/);
    assertThrows(() => layer.setState(Tensor.zeros([4, 2]), Tensor.zeros([3, 2])), ValueError, /h has 4 rows, c 3/);
    assertThrows(() => layer.setState(Tensor.zeros([4, 2], f64)), DTypeError, /setState: h is float64, the weights float32/);
  });
});
