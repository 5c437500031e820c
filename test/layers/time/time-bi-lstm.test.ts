import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, ShapeError, Tensor, TimeBiLSTM, ValueError, gradientCheckLayer } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ref } from './fixture.js';

const TOL = { rtol: 1e-11, atol: 1e-13 };
const NAMES = ['Wx1', 'Wh1', 'b1', 'Wx2', 'Wh2', 'b2'] as const;

describe('TimeBiLSTM', () => {
  it("matches numpy's book code: [forward LSTM, reversed LSTM on reversed xs] side by side, dxs the sum of both", () => {
    const r = ref.time_bilstm!;
    const layer = new TimeBiLSTM(...(NAMES.map((k) => t64(r[k]!)) as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]));
    assertClose(layer.forward(t64(r.xs!)), r.out!, TOL);
    assertClose(layer.backward(t64(r.dhs!)), r.dxs!, TOL);
    for (const k of NAMES) assertClose(layer.grads[k], r[`d${k}`]!, TOL, k);
  });

  it('passes a float64 gradient check for xs and all six parameters', () => {
    const rng = new Rng(26);
    const p = () => [Tensor.randn([3, 8], rng, f64), Tensor.randn([2, 8], rng, f64), Tensor.randn([8], rng, f64)] as const;
    const result = gradientCheckLayer(new TimeBiLSTM(...p(), ...p()), Tensor.randn([2, 4, 3], rng, f64), { rng });
    assert.ok(result.ok, result.report);
    assert.deepEqual(Object.keys(result.maxRelError), ['x', ...NAMES]);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(27);
    const args = [Tensor.randn([2, 4], rng, f64), Tensor.randn([1, 4], rng, f64), Tensor.randn([4], rng, f64), Tensor.randn([2, 4], rng, f64), Tensor.randn([1, 4], rng, f64), Tensor.randn([4], rng, f64), Tensor.randn([1, 3, 2], rng, f64), Tensor.randn([1, 3, 2], rng, f64)];
    const before = args.map(snapshot);
    const layer = new TimeBiLSTM(args[0]!, args[1]!, args[2]!, args[3]!, args[4]!, args[5]!);
    layer.forward(args[6]!);
    layer.backward(args[7]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains directions of different sizes and backward before forward', () => {
    const p = (H: number) => [Tensor.zeros([3, 4 * H]), Tensor.zeros([H, 4 * H]), Tensor.zeros([4 * H])] as const;
    assertThrows(() => new TimeBiLSTM(...p(2), ...p(3)), ShapeError, /TimeBiLSTM: both directions need the same D and H/);
    assertThrows(() => new TimeBiLSTM(...p(2), ...p(2)).backward(Tensor.zeros([1, 1, 4])), ValueError, /TimeBiLSTM\.backward: call forward first/);
  });
});
