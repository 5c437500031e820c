import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LSTM, Rng, ShapeError, Tensor, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ref } from './fixture.js';

const TOL = { rtol: 1e-12, atol: 1e-13 };

describe('LSTM (one step)', () => {
  it('matches numpy with the gates in the order f, g, i, o: h, c, dx, dh_prev, dc_prev and the parameter gradients', () => {
    const r = ref.lstm!;
    const cell = new LSTM(t64(r.Wx!), t64(r.Wh!), t64(r.b!));
    const { h, c } = cell.forward(t64(r.x!), t64(r.h_prev!), t64(r.c_prev!));
    assertClose(h, r.h_next!, TOL);
    assertClose(c, r.c_next!, TOL);
    const { dx, dhPrev, dcPrev } = cell.backward(t64(r.dh_next!), t64(r.dc_next!));
    assertClose(dx, r.dx!, TOL);
    assertClose(dhPrev, r.dh_prev!, TOL);
    assertClose(dcPrev, r.dc_prev!, TOL);
    for (const k of ['Wx', 'Wh', 'b'] as const) assertClose(cell.grads[k], r[`d${k}`]!, TOL, k);
  });

  it('shows the gates of its last forward in the order f, g, i, o, and h = o ⊙ tanh(c), c = f ⊙ c_prev + g ⊙ i from them', () => {
    const r = ref.lstm!;
    const cell = new LSTM(t64(r.Wx!), t64(r.Wh!), t64(r.b!));
    assert.equal(cell.lastGates(), null);
    const cPrev = t64(r.c_prev!);
    cell.forward(t64(r.x!), t64(r.h_prev!), cPrev);
    const { f, g, i, o, tanhC } = cell.lastGates()!;
    assertClose(o.mul(tanhC), r.h_next!, TOL);
    assertClose(f.mul(cPrev).add(g.mul(i)), r.c_next!, TOL);
    assertClose(tanhC, t64(r.c_next!).tanh(), TOL);
    const A = t64(r.x!).matmul(t64(r.Wx!)).add(t64(r.h_prev!).matmul(t64(r.Wh!))).add(t64(r.b!));
    const H = cPrev.shape[1]!;
    assertClose(g, A.slice(1, H, 2 * H).tanh(), TOL);
    assertClose(i, A.slice(1, 2 * H, 3 * H).sigmoid(), TOL);
  });

  it('passes a float64 gradient check for x, h_prev, c_prev and every parameter, with loss through both h and c', () => {
    const rng = new Rng(9);
    const cell = new LSTM(Tensor.randn([3, 8], rng, f64), Tensor.randn([2, 8], rng, f64), Tensor.randn([8], rng, f64));
    const [x, h, c] = [Tensor.randn([4, 3], rng, f64), Tensor.randn([4, 2], rng, f64), Tensor.randn([4, 2], rng, f64)];
    const [rh, rc] = [Tensor.randn([4, 2], rng, f64), Tensor.randn([4, 2], rng, f64)];
    cell.forward(x, h, c);
    const { dx, dhPrev, dcPrev } = cell.backward(rh, rc);
    const grads = { x: dx, h: dhPrev, c: dcPrev, Wx: cell.grads.Wx.clone(), Wh: cell.grads.Wh.clone(), b: cell.grads.b.clone() };
    const loss = () => {
      const out = cell.forward(x, h, c);
      return out.h.mul(rh).sum().item() + out.c.mul(rc).sum().item();
    };
    const result = gradientCheck(loss, { x, h, c, ...cell.params }, grads);
    assert.ok(result.ok, result.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(10);
    const args = [Tensor.randn([2, 4], rng, f64), Tensor.randn([1, 4], rng, f64), Tensor.randn([4], rng, f64), Tensor.randn([3, 2], rng, f64), Tensor.randn([3, 1], rng, f64), Tensor.randn([3, 1], rng, f64), Tensor.randn([3, 1], rng, f64), Tensor.randn([3, 1], rng, f64)];
    const before = args.map(snapshot);
    const cell = new LSTM(args[0]!, args[1]!, args[2]!);
    cell.forward(args[3]!, args[4]!, args[5]!);
    cell.backward(args[6]!, args[7]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains parameters that are not four gate blocks, a c_prev of the wrong shape and backward before forward', () => {
    assertThrows(() => new LSTM(Tensor.zeros([3, 6]), Tensor.zeros([2, 6]), Tensor.zeros([6])), ShapeError, /LSTM: Wh must have shape \[H, 4H\] \(4 blocks of H: f, g, i, o\), got \[2, 6\]/);
    assertThrows(() => new LSTM(Tensor.zeros([3, 8]), Tensor.zeros([2, 8]), Tensor.zeros([4])), ShapeError, /b must have shape \[8\]/);
    const cell = new LSTM(Tensor.zeros([3, 8]), Tensor.zeros([2, 8]), Tensor.zeros([8]));
    assertThrows(() => cell.forward(Tensor.zeros([1, 3]), Tensor.zeros([1, 2]), Tensor.zeros([2, 2])), ShapeError, /c_prev must have the shape of h_prev \[1, 2\], got \[2, 2\]/);
    assertThrows(() => cell.backward(Tensor.zeros([1, 2]), Tensor.zeros([1, 2])), ValueError, /LSTM\.backward: call forward first/);
  });
});
