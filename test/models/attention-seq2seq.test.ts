import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttentionSeq2seq, Rng, Tensor, gradientCheck } from '../../src/index.js';

const ids = (v: number[][]) => Tensor.from(v, { dtype: 'int32' });

describe('AttentionSeq2seq', () => {
  it('passes a float64 gradient check of the loss for every parameter (every encoder state gets the attention\'s gradient)', () => {
    const m = new AttentionSeq2seq({ vocabSize: 6, wordvecSize: 2, hiddenSize: 3, seed: 4, dtype: 'float64' });
    const rng = new Rng(15);
    for (const p of Object.values(m.params)) p.assign(Tensor.randn(p.shape, rng, { dtype: 'float64', std: 0.5 }));
    const [xs, ts] = [ids([[1, 2, 3, 4], [5, 4, 3, 3]]), ids([[0, 2, 5], [0, 1, 1]])];
    m.forward(xs, ts, { train: true });
    m.backward();
    const grads = Object.fromEntries(Object.entries(m.grads).map(([k, g]) => [k, g.clone()]));
    const result = gradientCheck(() => m.forward(xs, ts, { train: true }), m.params, grads);
    assert.ok(result.ok, result.report);
  });

  it('keeps the attention weights of each output step: one distribution over the question per step', () => {
    const m = new AttentionSeq2seq({ vocabSize: 6, wordvecSize: 4, hiddenSize: 5 });
    m.forward(ids([[1, 2, 3, 4, 5]]), ids([[0, 2, 5, 1]]));
    const w = m.decoder.attention.attentionWeights;
    assert.equal(w.length, 3);
    for (const a of w) {
      assert.deepEqual(a.shape, [1, 5]);
      assert.ok(Math.abs(a.sum().item() - 1) < 1e-6);
    }
  });
});
