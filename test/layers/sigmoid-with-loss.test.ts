import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, NonFiniteError, Rng, ShapeError, SigmoidWithLoss, Tensor, ValueError, gradientCheck } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

describe('SigmoidWithLoss', () => {
  it('matches numpy: binary cross-entropy summed over columns, averaged over the batch; dx = (σ(x) − t)/N', () => {
    const r = ref.sigmoid_with_loss!;
    const layer = new SigmoidWithLoss();
    const loss = layer.forward(t64(r.x!), t64(r.t!));
    assert.ok(Math.abs(loss - (r.loss as number)) < 1e-14 * (r.loss as number), `${loss} vs ${r.loss}`);
    assertClose(layer.y!, r.y!, { rtol: 1e-14, atol: 1e-16 });
    assertClose(layer.backward(), r.dx!, { rtol: 1e-13, atol: 1e-16 });
  });

  it('stays finite and exact for logits of ±1e4 and ±40, in float64 and float32', () => {
    const r = ref.sigmoid_with_loss_extreme!;
    for (const dtype of ['float64', 'float32'] as const) {
      const layer = new SigmoidWithLoss();
      const loss = layer.forward(Tensor.from(r.x!, { dtype }), Tensor.from(r.t!, { dtype }));
      // two certain and wrong answers at 1e4 cost 1e4 each, one at 40 costs 40, the 0 costs log 2
      assert.ok(Math.abs(loss - (r.loss as number)) < (dtype === 'float64' ? 1e-10 : 1e-2), `${dtype}: ${loss} vs ${r.loss}`);
      assertClose(layer.y!, r.y!, { rtol: dtype === 'float64' ? 1e-14 : 1e-6, atol: 0 });
      const dx = layer.backward();
      assert.ok(dx.isFinite());
      assertClose(dx, r.dx!, { rtol: 0, atol: dtype === 'float64' ? 1e-17 : 1e-7 });
    }
  });

  it('passes a float64 gradient check with several columns, and scales dx by dout', () => {
    const rng = new Rng(32);
    const x = Tensor.randn([5, 3], rng, { ...f64, std: 3 });
    const t = Tensor.from(Array.from({ length: 15 }, () => rng.int(2)), { ...f64, shape: [5, 3] });
    const layer = new SigmoidWithLoss();
    layer.forward(x, t);
    const dx = layer.backward();
    const result = gradientCheck(() => new SigmoidWithLoss().forward(x, t), { x }, { x: dx });
    assert.ok(result.ok, result.report);
    assertClose(layer.backward(2), dx.mul(2), { rtol: 1e-15 });
  });

  it('takes 0/1 labels as a list, an Int32Array or a Uint8Array for one column, and probabilities in between', () => {
    const x = t64([[0.3], [-1.2], [2]]);
    const expected = new SigmoidWithLoss().forward(x, t64([[1], [0], [1]]));
    for (const t of [[1, 0, 1], Int32Array.from([1, 0, 1]), Uint8Array.from([1, 0, 1]), t64([1, 0, 1])]) assert.equal(new SigmoidWithLoss().forward(x, t), expected);
    // t = ½ on a logit of 0: −log ½ = log 2, the minimum over x
    assert.ok(Math.abs(new SigmoidWithLoss().forward(t64([[0]]), [0.5]) - Math.LN2) < 1e-16);
  });

  it('does not change its arguments', () => {
    const r = ref.sigmoid_with_loss!;
    const x = t64(r.x!);
    const t = t64(r.t!);
    const before = [snapshot(x), snapshot(t)];
    const layer = new SigmoidWithLoss();
    layer.forward(x, t);
    layer.backward();
    assert.deepEqual([snapshot(x), snapshot(t)], before);
  });

  it('rejects bad labels and scores with messages that say what and where', () => {
    const x = t64([[1, 2], [3, 4]]);
    const layer = new SigmoidWithLoss();
    assertThrows(() => layer.forward(x, t64([[1, 0], [0, 2]])), ValueError, /SigmoidWithLoss: target \[1, 1\] is 2; binary targets are 0 \(no\) or 1 \(yes\)/);
    assertThrows(() => layer.forward(t64([[1], [2]]), [1, -1]), ValueError, /target 1 is -1; binary targets/);
    assertThrows(() => layer.forward(x, [1, 0]), ShapeError, /a list of numbers is a target for one output column/);
    assertThrows(() => layer.forward(x, t64([[1, 0, 1]])), ShapeError, /targets must have the shape of the scores \[2, 2\], got \[1, 3\]/);
    assertThrows(() => layer.forward(x, Tensor.from([[1, 0], [0, 1]])), DTypeError, /targets are float32 but scores are float64/);
    assertThrows(() => layer.forward(t64([[NaN, 1]]), t64([[0, 0]])), NonFiniteError, /SigmoidWithLoss: the scores contain NaN/, /learning rate/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 3, 4], f64), [0, 1]), ShapeError, /\[N, labels\]/);
    assertThrows(() => new SigmoidWithLoss().backward(), ValueError, /call forward first/);
  });
});
