import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rnnlm, Tensor, ValueError, perplexity } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('perplexity', () => {
  it('is the vocabulary size for a model that predicts every id uniformly (zero output weights)', () => {
    const model = new Rnnlm({ vocabSize: 7, wordvecSize: 3, hiddenSize: 4, dtype: 'float64' });
    model.params['affine.W']!.data.fill(0);
    const corpus = Int32Array.from({ length: 100 }, (_, i) => (i * 3) % 7);
    assert.ok(Math.abs(perplexity(model, corpus, { batchSize: 3, timeSize: 5 }) - 7) < 1e-12);
  });

  it("is e to the mean loss of the book's eval_perplexity batches: ⌊(size − 1)/(B·T)⌋ batches, rows (size − 1)/B apart, state carried", () => {
    const model = new Rnnlm({ vocabSize: 5, wordvecSize: 3, hiddenSize: 4, seed: 2, dtype: 'float64' });
    const corpus = Int32Array.from({ length: 40 }, (_, i) => (i * i) % 5);
    const [B, T] = [2, 4];
    const iters = Math.floor(39 / (B * T)); // 4
    const jump = Math.floor(39 / B);
    model.resetState();
    let total = 0;
    for (let it = 0; it < iters; it++) {
      const xs: number[][] = [];
      const ts: number[][] = [];
      for (let i = 0; i < B; i++) {
        xs.push(Array.from({ length: T }, (_, t) => corpus[(it * T + i * jump + t) % 40]!));
        ts.push(Array.from({ length: T }, (_, t) => corpus[(it * T + i * jump + t + 1) % 40]!));
      }
      total += model.forward(Tensor.from(xs, { dtype: 'int32' }), Tensor.from(ts, { dtype: 'int32' }));
    }
    assert.ok(Math.abs(perplexity(model, corpus, { batchSize: B, timeSize: T }) - Math.exp(total / iters)) < 1e-12);
  });

  it('explains a corpus too short and bad sizes', () => {
    const model = new Rnnlm({ vocabSize: 5, wordvecSize: 3, hiddenSize: 4 });
    assertThrows(() => perplexity(model, new Int32Array(10), { batchSize: 2, timeSize: 5 }), ValueError, /a corpus of 10 ids is too short for one batch of 2 × 5 \(needs 11\)/);
    assertThrows(() => perplexity(model, new Int32Array(100), { timeSize: 0 }), ValueError, /timeSize must be a whole number ≥ 1/);
  });
});
