import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, Tensor, TimeSigmoidWithLoss, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ids, ref } from './fixture.js';

describe('TimeSigmoidWithLoss', () => {
  it("matches numpy's loop of per-step sigmoid losses divided by T, and dx = (σ(x) − t)/(N·T)", () => {
    const r = ref.time_sigmoid_with_loss!;
    for (const ts of [ids(r.ts!), t64(r.ts!)]) {
      const layer = new TimeSigmoidWithLoss();
      const loss = layer.forward(t64(r.xs!), ts);
      assert.ok(Math.abs(loss - (r.loss as number)) < 1e-14, `${loss} vs ${r.loss}`);
      assertClose(layer.backward(), r.dxs!, { rtol: 1e-13, atol: 1e-16 });
    }
  });

  it('passes a float64 gradient check', () => {
    const rng = new Rng(21);
    const xs = Tensor.randn([3, 5], rng, { ...f64, std: 2 });
    const ts = Tensor.from(Array.from({ length: 15 }, () => rng.int(2)), { dtype: 'int32', shape: [3, 5] });
    const layer = new TimeSigmoidWithLoss();
    layer.forward(xs, ts);
    const check = gradientCheck(() => new TimeSigmoidWithLoss().forward(xs, ts), { xs }, { xs: layer.backward() });
    assert.ok(check.ok, check.report);
  });

  it('does not change its arguments', () => {
    const xs = Tensor.randn([2, 3], new Rng(22), f64);
    const ts = ids([[0, 1, 1], [1, 0, 0]]);
    const before = [snapshot(xs), Array.from(ts.data)];
    const layer = new TimeSigmoidWithLoss();
    layer.forward(xs, ts);
    layer.backward();
    assert.deepEqual([snapshot(xs), Array.from(ts.data)], before);
  });

  it('names labels that are not 0 or 1 with their position, a shape mismatch and labels of another float dtype', () => {
    const layer = new TimeSigmoidWithLoss();
    assertThrows(() => layer.forward(Tensor.zeros([2, 2]), ids([[0, 1], [2, 0]])), ValueError, /label 2 at \[1, 0\] is not 0 or 1/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 2]), ids([[0, 1, 1]])), ShapeError, /the labels \[1, 3\] must have the scores' shape \[2, 2\]/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 2]), Tensor.zeros([2, 2], f64)), DTypeError, /the labels are float64; give int32 0\/1 labels or float32/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 2, 1]), ids([[0]])), ShapeError, /expected scores of shape \[N, T\]/);
    assertThrows(() => layer.backward(), ValueError, /call forward first/);
  });
});
