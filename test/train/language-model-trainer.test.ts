import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, LanguageModelTrainer, Rnnlm, SGD, Seq2seq, TimeBatcher, TrainingDivergedError, ValueError, clipGrads, perplexity, trainLanguageModel, type LanguageModel } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const periodic = (n: number) => Int32Array.from({ length: n }, (_, i) => [0, 1, 2, 3, 2, 1][i % 6]!);
const small = (seed = 0) => new Rnnlm({ vocabSize: 4, wordvecSize: 6, hiddenSize: 8, seed });
const snap = (m: LanguageModel) => Object.values(m.params).map((p) => Array.from(p.data));

describe('trainLanguageModel (truncated BPTT)', () => {
  it('learns a periodic corpus: the perplexity falls from about the vocabulary size to near 1', () => {
    const corpus = periodic(400);
    const model = small();
    const before = perplexity(model, corpus, { batchSize: 4, timeSize: 10 });
    const result = trainLanguageModel(model, corpus, { optimizer: new Adam(0.05), epochs: 5, batchSize: 4, timeSize: 10, maxGrad: 5, validation: corpus });
    assert.ok(before > 3.5, `before ${before}`);
    const last = result.history.at(-1)!;
    assert.equal(result.history.length, 5);
    assert.equal(result.iters, 5 * 9);
    assert.ok(last.validationPerplexity! < 1.5, `after ${last.validationPerplexity}`);
    assert.ok(Math.abs(last.perplexity - Math.exp(last.loss)) < 1e-12);
  });

  it("is the book's RnnlmTrainer.fit step for step: get_batch, forward, backward, clip_grads, update, the LSTM state carried between batches", () => {
    const corpus = Int32Array.from({ length: 130 }, (_, i) => (i * 7 + (i >> 3)) % 4);
    const opts = { batchSize: 3, timeSize: 5, epochs: 2, maxGrad: 0.5 };
    const trained = small(1);
    trainLanguageModel(trained, corpus, { ...opts, optimizer: new SGD(0.5) });
    const byHand = small(1);
    const batches = new TimeBatcher(corpus, 3, 5);
    const sgd = new SGD(0.5);
    for (let i = 0; i < 2 * batches.itersPerEpoch; i++) {
      const { xs, ts } = batches.next();
      if (i === batches.itersPerEpoch) byHand.resetState(); // the trainer resets at an epoch's end
      byHand.forward(xs, ts, { train: true }); // no resetState: the state carries over (truncated BPTT)
      byHand.backward();
      sgd.update(byHand.params, clipGrads(byHand.grads, 0.5).grads);
    }
    assert.deepEqual(snap(trained), snap(byHand));
    const reset = small(1);
    const b2 = new TimeBatcher(corpus, 3, 5);
    const sgd2 = new SGD(0.5);
    for (let i = 0; i < 2 * b2.itersPerEpoch; i++) {
      const { xs, ts } = b2.next();
      reset.resetState();
      reset.forward(xs, ts, { train: true });
      reset.backward();
      sgd2.update(reset.params, clipGrads(reset.grads, 0.5).grads);
    }
    assert.notDeepEqual(snap(trained), snap(reset), 'resetting the state every batch trains differently');
  });

  it('continues bit-identically from state() after a restore', () => {
    const corpus = periodic(200);
    const opts = { batchSize: 4, timeSize: 6, epochs: 3, maxGrad: 1 };
    const straight = small(2);
    const a = new LanguageModelTrainer(straight, corpus, { ...opts, optimizer: new Adam(0.02) });
    while (!a.done) a.step();
    const first = small(2);
    const b = new LanguageModelTrainer(first, corpus, { ...opts, optimizer: new Adam(0.02) });
    for (let i = 0; i < 8; i++) b.step(); // an epoch is 8 iterations: saved at its end
    const saved = b.state();
    const second = small(2);
    second.setParams(first.params);
    const c = new LanguageModelTrainer(second, corpus, { ...opts, optimizer: new Adam(0.02) });
    c.restore(saved);
    while (!c.done) c.step();
    assert.deepEqual(snap(second), snap(straight));
    assert.deepEqual(c.result().lossHistory, a.result().lossHistory);
  });

  it('stops with a TrainingDivergedError naming the iteration when the scores become non-finite; without the guard it records NaN', () => {
    const model = small();
    model.params['affine.W']!.data[0] = NaN;
    assertThrows(() => trainLanguageModel(model, periodic(100), { batchSize: 2, timeSize: 5 }), TrainingDivergedError, /training stopped at iteration 1: the scores became non-finite\. Hint: lower the learning rate \(now 20\), or clip the gradients/);
    const unguarded = trainLanguageModel(model, periodic(100), { batchSize: 2, timeSize: 5, nanGuard: false });
    assert.ok(unguarded.lossHistory.every(Number.isNaN));
  });

  it('refuses a seq2seq model, a corpus too short and bad options', () => {
    const s2s = new Seq2seq({ vocabSize: 4, wordvecSize: 2, hiddenSize: 2 });
    assertThrows(() => trainLanguageModel(s2s as unknown as LanguageModel, periodic(100)), ValueError, /expected a language model \(Rnnlm, BetterRnnlm\), got seq2seq/);
    assertThrows(() => trainLanguageModel(small(), periodic(50)), ValueError, /a corpus of 50 ids is too short for one batch of 20 × 35/);
    assertThrows(() => trainLanguageModel(small(), periodic(100), { batchSize: 2, timeSize: 5, maxGrad: 0 }), ValueError, /maxGrad must be a number > 0 \(or null: no clipping\), got 0/);
    assertThrows(() => trainLanguageModel(small(), periodic(100), { batchSize: 2, timeSize: 5, epochs: 0 }), ValueError, /epochs must be a whole number ≥ 1/);
  });
});
