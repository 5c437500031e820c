import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, NonFiniteError, Rng, ShapeError, SoftmaxWithLoss, Tensor, ValueError, crossEntropyError, gradientCheck } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

describe('SoftmaxWithLoss', () => {
  const r = ref.softmax_with_loss!;

  it('matches numpy with class-index labels and with one-hot rows', () => {
    for (const t of [r.t as number[], t64(r.t_onehot!)]) {
      const layer = new SoftmaxWithLoss();
      const loss = layer.forward(t64(r.x!), t);
      assert.ok(Math.abs(loss - (r.loss as number)) < 1e-14, `${loss} vs ${r.loss}`);
      assertClose(layer.y!, r.y!, { rtol: 1e-14, atol: 1e-16 });
      assertClose(layer.backward(), r.dx!, { rtol: 1e-13, atol: 1e-16 });
    }
  });

  it("agrees with the book's 1e-7-guarded cross-entropy to within 1e-6", () => {
    const loss = new SoftmaxWithLoss().forward(t64(r.x!), r.t as number[]);
    assert.ok(Math.abs(loss - (r.book_loss as number)) < 1e-6);
    const y = new SoftmaxWithLoss();
    y.forward(t64(r.x!), r.t as number[]);
    assert.ok(Math.abs(crossEntropyError(y.y!, r.t as number[]) - (r.book_loss as number)) < 1e-14);
  });

  it('passes a float64 gradient check, and scales dx by dout', () => {
    const rng = new Rng(8);
    const x = Tensor.randn([6, 4], rng, { ...f64, std: 3 });
    const t = [0, 1, 2, 3, 3, 1];
    const layer = new SoftmaxWithLoss();
    layer.forward(x, t);
    const dx = layer.backward();
    const result = gradientCheck(() => new SoftmaxWithLoss().forward(x, t), { x }, { x: dx });
    assert.ok(result.ok, result.report);
    assertClose(layer.backward(2.5), dx.mul(2.5), { rtol: 1e-15 });
  });

  it('gives finite, correct losses for logits of 1e4', () => {
    const layer = new SoftmaxWithLoss();
    const loss = layer.forward(t64([[1e4, 0, 0], [0, 1e4, 0]]), [0, 0]);
    // sample 0 is certain and right (loss 0), sample 1 certain and wrong (loss 1e4)
    assert.ok(Math.abs(loss - 5000) < 1e-9, `${loss}`);
    assert.ok(layer.backward().isFinite());
    const f32 = new SoftmaxWithLoss().forward(Tensor.from([[1e4, -1e4]]), [1]);
    assert.ok(Number.isFinite(f32) && Math.abs(f32 - 2e4) < 1);
  });

  it('handles one sample of shape [C]', () => {
    const layer = new SoftmaxWithLoss();
    const loss = layer.forward(t64([0, 0]), [1]);
    assert.ok(Math.abs(loss - Math.LN2) < 1e-15);
    assert.deepEqual(layer.backward().toArray(), [0.5, -0.5]);
  });

  it('does not change its arguments', () => {
    const x = t64(r.x!);
    const t = new Int32Array(r.t as number[]);
    const before = [snapshot(x), [...t]];
    const layer = new SoftmaxWithLoss();
    layer.forward(x, t);
    layer.backward();
    assert.deepEqual([snapshot(x), [...t]], before);
  });

  it('rejects bad labels and scores with messages that say what and where', () => {
    const x = t64([[1, 2, 3], [4, 5, 6]]);
    const layer = new SoftmaxWithLoss();
    assertThrows(() => layer.forward(x, [0, 3]), ValueError, /label 1 is 3, outside the 3 classes 0 \.\. 2/);
    assertThrows(() => layer.forward(x, [0, 1.5]), ValueError, /label 1 is 1\.5/);
    assertThrows(() => layer.forward(x, [0]), ShapeError, /got 1 labels for 2 samples/);
    assertThrows(() => layer.forward(x, t64([[1, 0, 0]])), ShapeError, /one-hot labels must have the shape of the scores \[2, 3\], got \[1, 3\]/);
    assertThrows(() => layer.forward(x, Tensor.from([[1, 0, 0], [0, 1, 0]])), DTypeError, /float32 but scores are float64/);
    assertThrows(() => layer.forward(t64([[NaN, 1]]), [0]), NonFiniteError, /SoftmaxWithLoss: the scores contain NaN/, /learning rate/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 3, 4], f64), [0, 1]), ShapeError, /\[N, classes\]/);
    assertThrows(() => new SoftmaxWithLoss().backward(), ValueError, /call forward first/);
  });
});
