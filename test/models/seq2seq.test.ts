import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Seq2seq, Tensor, ValueError, gradientCheck } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const ids = (v: number[][]) => Tensor.from(v, { dtype: 'int32' });

describe('Seq2seq', () => {
  it("names its parameters encoder.* and decoder.* with the book's shapes", () => {
    const m = new Seq2seq({ vocabSize: 13, wordvecSize: 16, hiddenSize: 128 });
    const shapes = Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, p.shape]));
    assert.deepEqual(shapes, {
      'encoder.embed.W': [13, 16], 'encoder.lstm.Wx': [16, 512], 'encoder.lstm.Wh': [128, 512], 'encoder.lstm.b': [512],
      'decoder.embed.W': [13, 16], 'decoder.lstm.Wx': [16, 512], 'decoder.lstm.Wh': [128, 512], 'decoder.lstm.b': [512], 'decoder.affine.W': [128, 13], 'decoder.affine.b': [13],
    });
  });

  it('passes a float64 gradient check of the loss for every parameter (the decoder hands dh back to the encoder)', () => {
    const m = new Seq2seq({ vocabSize: 6, wordvecSize: 3, hiddenSize: 4, seed: 2, dtype: 'float64' });
    const rng = new Rng(12);
    for (const p of Object.values(m.params)) p.assign(Tensor.randn(p.shape, rng, { dtype: 'float64', std: 0.5 })); // weights large enough to matter
    const xs = ids([[1, 2, 3, 4], [5, 4, 3, 3]]);
    const ts = ids([[0, 2, 5], [0, 1, 1]]);
    m.forward(xs, ts, { train: true });
    m.backward();
    const grads = Object.fromEntries(Object.entries(m.grads).map(([k, g]) => [k, g.clone()]));
    const result = gradientCheck(() => m.forward(xs, ts, { train: true }), m.params, grads);
    assert.ok(result.ok, result.report);
    assert.ok(m.grads['encoder.lstm.Wx']!.abs().sum().item() > 0, 'the encoder receives a gradient');
  });

  it("generates greedily: each id is the argmax of the decoder's scores given the ids before it", () => {
    const m = new Seq2seq({ vocabSize: 7, wordvecSize: 4, hiddenSize: 6, seed: 5, dtype: 'float64' });
    for (const p of Object.values(m.params)) p.data.forEach((_, i) => (p.data[i] = p.data[i]! * 30));
    const xs = ids([[1, 2, 3], [4, 5, 6], [6, 6, 1]]);
    const out = m.generate(xs, 0, 4);
    assert.deepEqual(out.shape, [3, 4]);
    for (let n = 0; n < 3; n++) {
      const row = Array.from(out.data.subarray(n * 4, n * 4 + 4));
      const prefix = [0];
      for (let t = 0; t < 4; t++) {
        // scores of step t after feeding the start id and the generated ids so far
        m.forward(xs.slice(0, n, n + 1), ids([[...prefix, 0]]));
        const y = m.lossLayer.y!;
        const scores = y.select(1, t).reshape(7);
        assert.equal(scores.argmax()[0], row[t], `row ${n}, step ${t}`);
        prefix.push(row[t]!);
      }
    }
  });

  it('names ids outside the vocabulary, answers too short and a bad start id', () => {
    const m = new Seq2seq({ vocabSize: 4, wordvecSize: 2, hiddenSize: 2 });
    assertThrows(() => m.forward(ids([[1, 2]]), ids([[0, 5]])), ValueError, /Seq2seq\.forward: label 5 at \[0, 1\] is outside the vocabulary of 4/);
    assertThrows(() => m.forward(ids([[1, 2]]), ids([[0]])), ValueError, /the labels need at least 2 time steps, got 1/);
    assertThrows(() => m.forward(ids([[1, 2]]), ids([[0, 1], [0, 2]])), ValueError, /1 input rows but 2 label rows/);
    assertThrows(() => m.generate(ids([[1]]), 4, 2), ValueError, /Seq2seq\.generate: the start id 4 is outside the vocabulary of 4/);
    assertThrows(() => m.generate(ids([[1]]), 0, 0), ValueError, /length must be a whole number ≥ 1/);
  });
});
