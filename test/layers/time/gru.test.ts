import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GRU, Rng, ShapeError, Tensor, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ref } from './fixture.js';

const TOL = { rtol: 1e-12, atol: 1e-13 };

describe('GRU (one step)', () => {
  it("matches numpy's version of the book's appendix (columns z, r, h̃): h, dx, dh_prev and the parameter gradients", () => {
    const r = ref.gru!;
    const cell = new GRU(t64(r.Wx!), t64(r.Wh!), t64(r.b!));
    assertClose(cell.forward(t64(r.x!), t64(r.h_prev!)), r.h_next!, TOL);
    const { dx, dhPrev } = cell.backward(t64(r.dh_next!));
    assertClose(dx, r.dx!, TOL);
    assertClose(dhPrev, r.dh_prev!, TOL);
    for (const k of ['Wx', 'Wh', 'b'] as const) assertClose(cell.grads[k], r[`d${k}`]!, TOL, k);
  });

  it('passes a float64 gradient check for x, h_prev and every parameter', () => {
    const rng = new Rng(13);
    const cell = new GRU(Tensor.randn([3, 9], rng, f64), Tensor.randn([3, 9], rng, f64), Tensor.randn([9], rng, f64));
    const [x, h, r] = [Tensor.randn([2, 3], rng, f64), Tensor.randn([2, 3], rng, f64), Tensor.randn([2, 3], rng, f64)];
    cell.forward(x, h);
    const { dx, dhPrev } = cell.backward(r);
    const grads = { x: dx, h: dhPrev, Wx: cell.grads.Wx.clone(), Wh: cell.grads.Wh.clone(), b: cell.grads.b.clone() };
    const result = gradientCheck(() => cell.forward(x, h).mul(r).sum().item(), { x, h, ...cell.params }, grads);
    assert.ok(result.ok, result.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(14);
    const args = [Tensor.randn([2, 6], rng, f64), Tensor.randn([2, 6], rng, f64), Tensor.randn([6], rng, f64), Tensor.randn([3, 2], rng, f64), Tensor.randn([3, 2], rng, f64), Tensor.randn([3, 2], rng, f64)];
    const before = args.map(snapshot);
    const cell = new GRU(args[0]!, args[1]!, args[2]!);
    cell.forward(args[3]!, args[4]!);
    cell.backward(args[5]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains parameters that are not three blocks and backward before forward', () => {
    assertThrows(() => new GRU(Tensor.zeros([3, 8]), Tensor.zeros([2, 8]), Tensor.zeros([8])), ShapeError, /GRU: Wh must have shape \[H, 3H\] \(3 blocks of H: z, r, h̃\), got \[2, 8\]/);
    assertThrows(() => new GRU(Tensor.zeros([3, 6]), Tensor.zeros([2, 6]), Tensor.zeros([6])).backward(Tensor.zeros([1, 2])), ValueError, /GRU\.backward: call forward first/);
  });
});
