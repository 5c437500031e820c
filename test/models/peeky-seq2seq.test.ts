import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PeekySeq2seq, Rng, Tensor, gradientCheck } from '../../src/index.js';

const ids = (v: number[][]) => Tensor.from(v, { dtype: 'int32' });

describe('PeekySeq2seq', () => {
  it("has the peeky decoder's shapes: LSTM input H + D, affine input 2H", () => {
    const m = new PeekySeq2seq({ vocabSize: 13, wordvecSize: 16, hiddenSize: 128 });
    assert.deepEqual(m.params['decoder.lstm.Wx']!.shape, [144, 512]);
    assert.deepEqual(m.params['decoder.affine.W']!.shape, [256, 13]);
  });

  it('passes a float64 gradient check of the loss for every parameter (h reaches the decoder three ways)', () => {
    const m = new PeekySeq2seq({ vocabSize: 6, wordvecSize: 2, hiddenSize: 3, seed: 3, dtype: 'float64' });
    const rng = new Rng(14);
    for (const p of Object.values(m.params)) p.assign(Tensor.randn(p.shape, rng, { dtype: 'float64', std: 0.5 }));
    const [xs, ts] = [ids([[1, 2, 3], [5, 4, 3]]), ids([[0, 2, 5, 1], [0, 1, 1, 4]])];
    m.forward(xs, ts, { train: true });
    m.backward();
    const grads = Object.fromEntries(Object.entries(m.grads).map(([k, g]) => [k, g.clone()]));
    const result = gradientCheck(() => m.forward(xs, ts, { train: true }), m.params, grads);
    assert.ok(result.ok, result.report);
    assert.deepEqual(m.generate(xs, 0, 3).shape, [2, 3]);
  });
});
