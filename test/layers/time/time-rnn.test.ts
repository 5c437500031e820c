import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, Tensor, TimeRNN, ValueError, gradientCheck, gradientCheckLayer } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ids, ref } from './fixture.js';

const TOL = { rtol: 1e-11, atol: 1e-13 };

describe('TimeRNN', () => {
  it("matches numpy's loop of RNN cells: hs, dxs, the summed gradients and dh of h₀", () => {
    const r = ref.time_rnn!;
    const layer = new TimeRNN(t64(r.Wx!), t64(r.Wh!), t64(r.b!));
    assertClose(layer.forward(t64(r.xs!)), r.hs!, TOL);
    assertClose(layer.backward(t64(r.dhs!)), r.dxs!, TOL);
    for (const k of ['Wx', 'Wh', 'b'] as const) assertClose(layer.grads[k], r[`d${k}`]!, TOL, k);
    assertClose(layer.dh!, r.dh!, TOL);
  });

  it('stateful: the second forward continues from the last h; setState starts from a given h; resetState from zeros', () => {
    const r = ref.time_rnn!;
    const layer = new TimeRNN(t64(r.Wx!), t64(r.Wh!), t64(r.b!), { stateful: true });
    layer.forward(t64(r.xs!));
    assertClose(layer.forward(t64(r.xs2!)), r.hs2!, TOL);
    layer.setState(t64(r.h0!));
    assertClose(layer.forward(t64(r.xs!)), r.hs3!, TOL);
    assertClose(layer.backward(t64(r.dhs!)), r.dxs3!, TOL);
    assertClose(layer.grads.Wx, r.dWx3!, TOL);
    assertClose(layer.dh!, r.dh3!, TOL);
    layer.resetState();
    assertClose(layer.forward(t64(r.xs!)), r.hs!, TOL);
    const plain = new TimeRNN(t64(r.Wx!), t64(r.Wh!), t64(r.b!));
    plain.forward(t64(r.xs!));
    assertClose(plain.forward(t64(r.xs!)), r.hs!, TOL, 'not stateful: every forward starts from zeros');
  });

  it('passes a float64 gradient check for xs, Wx, Wh, b, and for h₀ through dh', () => {
    const rng = new Rng(7);
    const make = (stateful: boolean) => new TimeRNN(Tensor.randn([3, 4], rng, f64), Tensor.randn([4, 4], rng, { ...f64, std: 0.5 }), Tensor.randn([4], rng, f64), { stateful });
    const result = gradientCheckLayer(make(false), Tensor.randn([2, 5, 3], rng, f64), { rng });
    assert.ok(result.ok, result.report);
    const layer = make(true);
    const xs = Tensor.randn([2, 3, 3], rng, f64);
    const h0 = Tensor.randn([2, 4], rng, f64);
    const r = Tensor.randn([2, 3, 4], rng, f64);
    layer.setState(h0);
    layer.forward(xs);
    layer.backward(r);
    const loss = () => {
      layer.setState(h0);
      return layer.forward(xs).mul(r).sum().item();
    };
    const check = gradientCheck(loss, { h0 }, { h0: layer.dh! });
    assert.ok(check.ok, check.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(8);
    const args = [Tensor.randn([2, 3], rng, f64), Tensor.randn([3, 3], rng, f64), Tensor.randn([3], rng, f64), Tensor.randn([2, 4, 2], rng, f64), Tensor.randn([2, 4, 3], rng, f64)];
    const before = args.map(snapshot);
    const layer = new TimeRNN(args[0]!, args[1]!, args[2]!);
    layer.forward(args[3]!);
    layer.backward(args[4]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains ids fed without an embedding, wrong shapes, another batch size while stateful, and backward before forward', () => {
    const layer = new TimeRNN(Tensor.zeros([3, 4]), Tensor.zeros([4, 4]), Tensor.zeros([4]), { stateful: true });
    assertThrows(() => layer.forward(ids([[1, 2]]) as unknown as Tensor), DTypeError, /TimeRNN\.forward: the input xs is int32 \(ids\); put a TimeEmbedding in front/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 3])), ShapeError, /expected the input xs of shape \[N, T, 3\], got \[2, 3\]/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 0, 3])), ShapeError, /is empty; a sequence needs at least one sample and one time step/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 5, 3], f64)), DTypeError, /input xs is float64 but the weights are float32/);
    assertThrows(() => layer.backward(Tensor.zeros([2, 5, 4])), ValueError, /TimeRNN\.backward: call forward first/);
    layer.forward(Tensor.zeros([2, 5, 3]));
    assertThrows(() => layer.forward(Tensor.zeros([3, 5, 3])), ShapeError, /TimeRNN: the state h must have shape \[3, 4\] for this batch, got \[2, 4\]; the state holds a batch of 2, call resetState\(\)/);
    assertThrows(() => layer.setState(Tensor.zeros([2, 5])), ShapeError, /setState: the state h must have shape \[2, 4\]/);
    assertThrows(() => new TimeRNN(Tensor.zeros([3, 4]), Tensor.zeros([4, 4]), Tensor.zeros([4])).setState(Tensor.zeros([2, 4])), ValueError, /not stateful/);
  });
});
