import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sequential, ShapeError, SigmoidWithLoss, SoftmaxWithLoss, Tensor, ValueError, evaluate, pickScores, type LossName } from '../../src/index.js';
import { assertThrows, snapshot, t64 } from '../helpers.js';

/** A model whose outputs are its inputs times `scale` plus `shift`: the scores are whatever the test chooses. */
function passThrough(width: number, loss: LossName, scale = 1, shift = 0): Sequential {
  const net = new Sequential({ inputShape: [width], layers: [{ type: 'Affine', units: width }], loss, dtype: 'float64' });
  const W = Tensor.zeros([width, width], { dtype: 'float64' });
  for (let i = 0; i < width; i++) W.data[i * width + i] = scale;
  net.setParams({ W1: W, b1: Tensor.full([width], shift, { dtype: 'float64' }) });
  return net;
}

describe('evaluate', () => {
  it('a softmax classifier: loss, accuracy, the confusion matrix and per-class figures, batch by batch as at once', () => {
    const scores = t64([[3, 0, 0], [0, 2, 0], [0, 0, 1], [1, 0, 0], [0, 5, 0]]);
    const labels = [0, 1, 1, 2, 1];
    const net = passThrough(3, 'softmax-cross-entropy');
    const e = evaluate(net, { images: scores, labels });
    assert.equal(e.task, 'classification');
    if (e.task !== 'classification') return;
    assert.equal(e.n, 5);
    assert.ok(Math.abs(e.loss - new SoftmaxWithLoss().forward(scores, labels)) < 1e-15);
    assert.equal(e.accuracy, 3 / 5);
    assert.deepEqual(e.confusion, [[1, 0, 0], [0, 2, 1], [1, 0, 0]]);
    assert.deepEqual(e.precision, [0.5, 1, 0]);
    assert.deepEqual(e.recall, [1, 2 / 3, 0]);
    assert.deepEqual(e.support, [1, 3, 1]);
    assert.deepEqual(evaluate(net, { images: scores, labels }, { batchSize: 2 }), e);
    assert.deepEqual(evaluate(net, { images: scores, labels: t64([[1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]) }), e, 'one-hot rows');
    assert.deepEqual(pickScores(e, ['loss', 'accuracy', 'precision']), { loss: e.loss, accuracy: 0.6, precision: 0.5 }, 'macro-averaged precision');
  });

  it('one yes/no column (sigmoid): decided at σ(x) > 0.5, a 2×2 matrix, precision of the yes class', () => {
    const x = t64([[2], [-1], [0.5], [-3], [0]]);
    const labels = [1, 1, 0, 0, 1];
    const e = evaluate(passThrough(1, 'sigmoid-cross-entropy'), { images: x, labels });
    if (e.task !== 'classification') assert.fail('classification expected');
    assert.ok(Math.abs(e.loss - new SigmoidWithLoss().forward(x, labels)) < 1e-15);
    assert.deepEqual(e.confusion, [[1, 1], [2, 1]], 'x = 0 is σ = 0.5: not yes');
    assert.equal(e.accuracy, 2 / 5);
    assert.equal(e.labels, undefined);
    assert.deepEqual(pickScores(e, ['precision', 'recall']), { precision: 0.5, recall: 1 / 3 });
  });

  it('several yes/no columns: a report per column, and pooled figures over every decision', () => {
    const x = t64([[1, -1], [1, 1], [-1, -1], [-1, 1]]);
    const labels = t64([[1, 0], [0, 1], [0, 0], [1, 1]]);
    const e = evaluate(passThrough(2, 'sigmoid-cross-entropy'), { images: x, labels });
    if (e.task !== 'classification') assert.fail('classification expected');
    assert.equal(e.labels!.length, 2);
    assert.deepEqual(e.labels![0]!.confusion, [[1, 1], [1, 1]]);
    assert.deepEqual(e.labels![1]!.confusion, [[2, 0], [0, 2]]);
    assert.deepEqual(e.confusion, [[3, 1], [1, 3]]);
    assert.equal(e.accuracy, 6 / 8);
    assert.deepEqual(pickScores(e, ['f1']), { f1: (0.5 + 1) / 2 }, 'F1 of the yes class, averaged over the columns');
  });

  it('regression: loss, MSE, MAE and R² in the targets\' units, with targets as a list or a Tensor', () => {
    const net = passThrough(1, 'mean-squared-error', 2, 1); // y = 2x + 1
    const images = t64([[0], [1], [2], [3]]);
    const t = [1, 3, 6, 7]; // errors 0, 0, −1, 0
    const e = evaluate(net, { images, labels: t });
    assert.deepEqual(e, { task: 'regression', n: 4, loss: 0.5 / 4, mse: 0.25, mae: 0.25, r2: 1 - 1 / 22.75 }); // Σ(t − 4.25)² = 22.75
    assert.deepEqual(evaluate(net, { images, labels: t64([[1], [3], [6], [7]]) }, { batchSize: 3 }), e);
    assertThrows(() => pickScores(e, ['accuracy']), ValueError, /accuracy is not a regression metric/);
  });

  it('a model with NaN among its outputs gets a NaN loss, and its answers are still counted', () => {
    const net = passThrough(2, 'softmax-cross-entropy');
    const e = evaluate(net, { images: t64([[NaN, 0], [0, 1]]), labels: [0, 1] });
    assert.ok(Number.isNaN(e.loss));
    if (e.task === 'classification') assert.equal(e.confusion[1]![1], 1);
  });

  it('does not change its arguments', () => {
    const images = t64([[1, 2], [3, 4]]);
    const labels = [0, 1];
    evaluate(passThrough(2, 'softmax-cross-entropy'), { images, labels });
    assert.deepEqual([snapshot(images), labels], [[1, 2, 3, 4], [0, 1]]);
  });

  it('refuses data that does not fit the model, with typed errors', () => {
    const net = passThrough(2, 'softmax-cross-entropy');
    assertThrows(() => evaluate(net, { images: t64([[1, 2]]), labels: [2] }), ValueError, /SoftmaxWithLoss: label 0 is 2, outside the 2 classes/);
    assertThrows(() => evaluate(net, { images: t64([[1, 2, 3]]), labels: [0] }), ShapeError, /evaluate: each sample must have shape \[2\] \(2 values\), got \[1, 3\]/);
    assertThrows(() => evaluate(net, { images: [[1, 2]] as unknown as Tensor, labels: [0] }), ValueError, /evaluate: expected the samples as a Tensor, got an array \(wrap it with Tensor\.from\)/);
    assertThrows(() => evaluate(net, null as never), ValueError, /evaluate: expected data as \{ images, labels \}, got null/);
    assertThrows(() => evaluate(net, { images: t64([[1, 2]]), labels: [0] }, { batchSize: 0 }), ValueError, /evaluate: batchSize must be a positive integer, got 0/);
    assertThrows(() => evaluate(passThrough(1, 'sigmoid-cross-entropy'), { images: t64([[1]]), labels: [0.5] }), ValueError, /target 0 is 0\.5; yes\/no labels for the metrics are 0 or 1/);
    assertThrows(() => evaluate(passThrough(1, 'mean-squared-error'), { images: t64([[1], [2]]), labels: [1] }), ShapeError, /got 1 targets for 2 samples/);
  });
});
