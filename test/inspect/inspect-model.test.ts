import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Tensor, TwoLayerNet, ValueError, evaluate, inspectModel } from '../../src/index.js';
import { assertThrows } from '../helpers.js';
import { ref, refNet } from './fixture.js';

describe('inspectModel', () => {
  const images = Tensor.from(ref.net.x, { dtype: 'float64' });
  const labels = Int32Array.from(ref.net.t);

  it("numpy's confusion matrix and misclassified samples, evaluate's confusion, and the histograms and tiles", () => {
    for (const act of ['sigmoid', 'relu'] as const) {
      const net = refNet(act);
      const look = inspectModel(net, { images, labels }, { misclassified: 5, histogramSamples: 25, bins: 10, batchSize: 7 });
      assert.equal(look.n, 40);
      assert.deepEqual(look.confusion, ref.net[act].confusion);
      const ev = evaluate(net, { images, labels });
      assert.deepEqual(look.confusion, ev.task === 'classification' ? ev.confusion : null);
      assert.deepEqual(look.misclassified.map((m) => [m.index, m.predicted, m.actual]), ref.net[act].wrong.map((w) => w.slice(0, 3)));
      look.misclassified.forEach((m, i) => assert.ok(Math.abs(m.probability - ref.net[act].wrong[i]![3]) < 1e-12));
      assert.deepEqual(look.histograms[0]!.counts, ref.net[act].hist);
      assert.equal(look.weights?.count, 6);
    }
  });

  it('looks at the first N samples when told', () => {
    const look = inspectModel(refNet('relu'), { images, labels }, { samples: 10 });
    assert.equal(look.n, 10);
    assert.equal(look.confusion!.flat().reduce((a, b) => a + b, 0), 10);
  });

  it('a regression model has histograms and no classes; inputs that are not images have no tiles', () => {
    const net = new TwoLayerNet(5, 4, 2, { loss: 'mean-squared-error' });
    const look = inspectModel(net, { images: Tensor.randn([6, 5], new Rng(1)), labels: Tensor.randn([6, 2], new Rng(2)) });
    assert.deepEqual([look.confusion, look.misclassified, look.weights, look.histograms.length], [null, [], null, 1]);
  });

  it('refuses bad options and empty data', () => {
    assertThrows(() => inspectModel(refNet('relu'), { images, labels }, { samples: 0 }), ValueError, /^inspectModel: samples must be an integer ≥ 1, got 0$/);
    assertThrows(() => inspectModel(refNet('relu'), { images: Tensor.zeros([0, 16]), labels: [] }), ValueError, /^inspectModel: no samples$/);
  });
});
