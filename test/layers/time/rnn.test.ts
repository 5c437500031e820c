import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RNN, Rng, ShapeError, Tensor, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ref } from './fixture.js';

const TOL = { rtol: 1e-12, atol: 1e-13 };

describe('RNN (one step)', () => {
  it('matches numpy: h = tanh(h_prev·Wh + x·Wx + b) and its backward', () => {
    const r = ref.rnn!;
    const cell = new RNN(t64(r.Wx!), t64(r.Wh!), t64(r.b!));
    assertClose(cell.forward(t64(r.x!), t64(r.h_prev!)), r.h_next!, TOL);
    const { dx, dhPrev } = cell.backward(t64(r.dh_next!));
    assertClose(dx, r.dx!, TOL);
    assertClose(dhPrev, r.dh_prev!, TOL);
    for (const k of ['Wx', 'Wh', 'b'] as const) assertClose(cell.grads[k], r[`d${k}`]!, TOL, k);
  });

  it('passes a float64 gradient check for x, h_prev and every parameter', () => {
    const rng = new Rng(5);
    const cell = new RNN(Tensor.randn([3, 4], rng, f64), Tensor.randn([4, 4], rng, f64), Tensor.randn([4], rng, f64));
    const x = Tensor.randn([2, 3], rng, f64);
    const h = Tensor.randn([2, 4], rng, f64);
    const r = Tensor.randn([2, 4], rng, f64);
    cell.forward(x, h);
    const { dx, dhPrev } = cell.backward(r);
    const grads = { x: dx, h: dhPrev, Wx: cell.grads.Wx.clone(), Wh: cell.grads.Wh.clone(), b: cell.grads.b.clone() };
    const result = gradientCheck(() => cell.forward(x, h).mul(r).sum().item(), { x, h, ...cell.params }, grads);
    assert.ok(result.ok, result.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(6);
    const args = [Tensor.randn([2, 3], rng, f64), Tensor.randn([3, 3], rng, f64), Tensor.randn([3], rng, f64), Tensor.randn([1, 2], rng, f64), Tensor.randn([1, 3], rng, f64), Tensor.randn([1, 3], rng, f64)];
    const before = args.map(snapshot);
    const cell = new RNN(args[0]!, args[1]!, args[2]!);
    cell.forward(args[3]!, args[4]!);
    cell.backward(args[5]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains wrong shapes and backward before forward', () => {
    assertThrows(() => new RNN(Tensor.zeros([3, 4]), Tensor.zeros([4, 5]), Tensor.zeros([4])), ShapeError, /RNN: Wh must have shape \[H, H\]/);
    assertThrows(() => new RNN(Tensor.zeros([3, 5]), Tensor.zeros([4, 4]), Tensor.zeros([4])), ShapeError, /Wx must have shape \[D, 4\]/);
    const cell = new RNN(Tensor.zeros([3, 4]), Tensor.zeros([4, 4]), Tensor.zeros([4]));
    assertThrows(() => cell.backward(Tensor.zeros([1, 4])), ValueError, /RNN\.backward: call forward first/);
    assertThrows(() => cell.forward(Tensor.zeros([2, 2]), Tensor.zeros([2, 4])), ShapeError, /x must have shape \[N, 3\], got \[2, 2\]/);
    assertThrows(() => cell.forward(Tensor.zeros([2, 3]), Tensor.zeros([1, 4])), ShapeError, /h_prev must have shape \[2, 4\], got \[1, 4\]/);
  });
});
