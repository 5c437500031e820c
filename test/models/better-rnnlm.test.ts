import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BetterRnnlm, Rng, Tensor, ValueError, gradientCheck } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const ids = (v: number[][]) => Tensor.from(v, { dtype: 'int32' });

describe('BetterRnnlm', () => {
  it("has the book's parameters with the output weights tied to the embedding (no affine.W)", () => {
    const m = new BetterRnnlm({ vocabSize: 50, wordvecSize: 8, hiddenSize: 8 });
    assert.deepEqual(Object.keys(m.params), ['embed.W', 'lstm1.Wx', 'lstm1.Wh', 'lstm1.b', 'lstm2.Wx', 'lstm2.Wh', 'lstm2.b', 'affine.b']);
    assert.equal(m.affine.params.W, m.params['embed.W'], 'the affine reads the embedding\'s own tensor');
  });

  it('passes a float64 gradient check in eval mode (dropout off): the tied gradient is the sum of both uses', () => {
    const m = new BetterRnnlm({ vocabSize: 6, wordvecSize: 3, hiddenSize: 3, seed: 1, dtype: 'float64' });
    const rng = new Rng(13);
    for (const p of Object.values(m.params)) p.assign(Tensor.randn(p.shape, rng, { dtype: 'float64', std: 0.5 }));
    const [xs, ts] = [ids([[1, 2, 3], [0, 5, 4]]), ids([[2, 3, 1], [5, 4, 0]])];
    const loss = () => {
      m.resetState();
      return m.forward(xs, ts);
    };
    loss();
    m.backward();
    const grads = Object.fromEntries(Object.entries(m.grads).map(([k, g]) => [k, g.clone()]));
    const result = gradientCheck(loss, m.params, grads);
    assert.ok(result.ok, result.report);
  });

  it('passes a float64 gradient check in training mode with the dropout masks fixed by their seeds', () => {
    const m = new BetterRnnlm({ vocabSize: 5, wordvecSize: 3, hiddenSize: 3, seed: 2, dtype: 'float64', dropoutRatio: 0.3 });
    const [xs, ts] = [ids([[1, 2], [0, 4]]), ids([[2, 3], [4, 0]])];
    const saved = m.randomState();
    const loss = () => {
      m.resetState();
      m.setRandomState(saved);
      return m.forward(xs, ts, { train: true });
    };
    loss();
    m.backward();
    const grads = Object.fromEntries(Object.entries(m.grads).map(([k, g]) => [k, g.clone()]));
    const result = gradientCheck(loss, m.params, grads);
    assert.ok(result.ok, result.report);
  });

  it('refuses sizes that cannot tie the weights', () => {
    assertThrows(() => new BetterRnnlm({ vocabSize: 5, wordvecSize: 3, hiddenSize: 4 }), ValueError, /wordvecSize must equal hiddenSize, got 3 and 4/);
  });
});
