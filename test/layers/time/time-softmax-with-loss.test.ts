import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, NonFiniteError, Rng, ShapeError, Tensor, TimeSoftmaxWithLoss, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ids, randomIds, ref } from './fixture.js';

describe('TimeSoftmaxWithLoss', () => {
  it("matches numpy's book code with ignored labels (−1): loss averaged over the counted positions, dx zero where ignored", () => {
    const r = ref.time_softmax_with_loss!;
    const layer = new TimeSoftmaxWithLoss();
    const loss = layer.forward(t64(r.xs!), ids(r.ts!));
    assert.ok(Math.abs(loss - (r.loss as number)) < 1e-14, `${loss} vs ${r.loss}`);
    assert.equal(layer.count, 5);
    assertClose(layer.backward(), r.dxs!, { rtol: 1e-13, atol: 1e-16 });
    assertClose(layer.backward(3), t64(r.dxs!).mul(3), { rtol: 1e-13, atol: 1e-16 });
  });

  it('passes a float64 gradient check, with and without ignored positions', () => {
    const rng = new Rng(19);
    for (const ignore of [false, true]) {
      const xs = Tensor.randn([3, 4, 5], rng, { ...f64, std: 2 });
      const ts = randomIds([3, 4], 5, (n) => rng.int(n));
      if (ignore) ts.data[2] = ts.data[7] = -1;
      const layer = new TimeSoftmaxWithLoss();
      layer.forward(xs, ts);
      const check = gradientCheck(() => new TimeSoftmaxWithLoss().forward(xs, ts), { xs }, { xs: layer.backward() });
      assert.ok(check.ok, check.report);
    }
  });

  it('stays finite for scores of ±1e4, in float32 too', () => {
    const xs = Tensor.from([[[1e4, -1e4, 0]], [[-1e4, 1e4, 0]]]);
    const layer = new TimeSoftmaxWithLoss();
    const loss = layer.forward(xs, ids([[1], [1]]));
    assert.ok(Math.abs(loss - 1e4) < 1, `${loss}`);
    assert.ok(layer.backward().isFinite());
  });

  it('does not change its arguments', () => {
    const xs = Tensor.randn([2, 3, 4], new Rng(20), f64);
    const ts = ids([[0, -1, 3], [2, 2, 1]]);
    const before = [snapshot(xs), Array.from(ts.data)];
    const layer = new TimeSoftmaxWithLoss();
    layer.forward(xs, ts);
    layer.backward();
    assert.deepEqual([snapshot(xs), Array.from(ts.data)], before);
  });

  it('names a label outside the vocabulary with its position, float labels, mismatched T, all-ignored labels and NaN scores', () => {
    const layer = new TimeSoftmaxWithLoss();
    const xs = Tensor.zeros([2, 3, 4]);
    assertThrows(() => layer.forward(xs, ids([[0, 1, 2], [3, 4, 0]])), ValueError, /TimeSoftmaxWithLoss\.forward: label 4 at \[1, 1\] is outside the vocabulary of 4 \(0 \.\. 3 or -1 \(ignored\)\)/);
    assertThrows(() => layer.forward(xs, ids([[0, 1], [3, 0]])), ShapeError, /the labels \[2, 2\] must be \[N, T\] = \[2, 3\] to match the scores \[2, 3, 4\]/);
    assertThrows(() => layer.forward(xs, Tensor.zeros([2, 3]) as unknown as Tensor<'int32'>), DTypeError, /the labels must be an int32 tensor, got float32/);
    assertThrows(() => layer.forward(xs, ids([[-1, -1, -1], [-1, -1, -1]])), ValueError, /every label is -1 \(ignored\); there is nothing to average over/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 3]), ids([[0]])), ShapeError, /expected scores of shape \[N, T, V\], got \[2, 3\]/);
    assertThrows(() => layer.forward(Tensor.full([1, 1, 2], NaN), ids([[0]])), NonFiniteError, /NaN or Infinity/);
    assertThrows(() => new TimeSoftmaxWithLoss().backward(), ValueError, /call forward first/);
    assertThrows(() => new TimeSoftmaxWithLoss({ ignoreLabel: 0 }), ValueError, /ignoreLabel must be a negative whole number/);
  });
});
