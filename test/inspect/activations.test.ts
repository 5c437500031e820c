import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MultiLayerNetExtend, Rng, Tensor, activationHistograms, layerOutputs } from '../../src/index.js';
import { ref, refNet } from './fixture.js';

describe('layer outputs and activation histograms', () => {
  it('each layer in order, the last being the scores predict gives', () => {
    const net = refNet('relu');
    const x = Tensor.from(ref.net.x, { dtype: 'float64' });
    const out = layerOutputs(net, x);
    assert.deepEqual(out.map((l) => [l.name, l.kind, [...l.output.shape]]), [['Affine1', 'Affine', [40, 6]], ['Relu1', 'Relu', [40, 6]], ['Affine2', 'Affine', [40, 4]]]);
    assert.deepEqual([...out[2]!.output.data], [...net.predict(x).data]);
  });

  it("the book's figure 6-10 counts: Sigmoid over [0, 1], ReLU over [0, its largest output], as numpy finds them", () => {
    const x = Tensor.from(ref.net.x.slice(0, 25), { dtype: 'float64' });
    for (const act of ['sigmoid', 'relu'] as const) {
      const [h, ...rest] = activationHistograms(refNet(act), x, { bins: 10 });
      assert.equal(rest.length, 0);
      assert.equal(h!.layer, act === 'sigmoid' ? 'Sigmoid1' : 'Relu1');
      assert.deepEqual(h!.counts, ref.net[act].hist);
      h!.range.forEach((v, i) => assert.ok(Math.abs(v - ref.net[act].hist_range[i]!) <= 1e-12, `range ${h!.range}`)); // a matrix product's last bit may differ from numpy's
      assert.equal(h!.zeros, ref.net[act].zeros);
      assert.equal(h!.total, 25 * 6);
      assert.equal(h!.counts.reduce((a, b) => a + b, 0), 25 * 6);
    }
  });

  it('runs in eval mode: dropout off, so the histogram is the same twice', () => {
    const net = new MultiLayerNetExtend({ inputSize: 8, hiddenSizes: [10, 10], outputSize: 3, useDropout: true, dropoutRatio: 0.5, seed: 1 });
    const x = Tensor.randn([30, 8], new Rng(2));
    const a = activationHistograms(net, x);
    assert.equal(a.length, 2);
    assert.deepEqual(activationHistograms(net, x), a);
    assert.ok(a[0]!.zeros < 30 * 10 * 0.75, 'not half of the units dropped');
  });
});
