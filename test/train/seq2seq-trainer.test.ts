import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, BatchSampler, Rng, Seq2seq, Seq2seqTrainer, Tensor, ValueError, clipGrads, exactMatch, takeIdRows, trainSeq2seq, type Seq2seqData } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

/** Three ids 1 .. 4 per question; the answer is the start id 0 then the question reversed. */
function reversal(n: number, seed: number): Seq2seqData['train'] {
  const rng = new Rng(seed);
  const q: number[][] = [];
  const a: number[][] = [];
  for (let i = 0; i < n; i++) {
    const d = [1 + rng.int(4), 1 + rng.int(4), 1 + rng.int(4)];
    q.push(d);
    a.push([0, ...[...d].reverse()]);
  }
  return { questions: Tensor.from(q, { dtype: 'int32' }), answers: Tensor.from(a, { dtype: 'int32' }) };
}
const small = (seed = 0) => new Seq2seq({ vocabSize: 5, wordvecSize: 6, hiddenSize: 24, seed });
const snap = (m: Seq2seq) => Object.values(m.params).map((p) => Array.from(p.data));

describe('trainSeq2seq', () => {
  it('learns to reverse three ids: the exact-match test accuracy climbs from near 0 to 1', () => {
    const data = { train: reversal(200, 1), test: reversal(50, 2) };
    const result = trainSeq2seq(small(), data, { optimizer: new Adam(0.02), epochs: 12, batchSize: 20 });
    assert.equal(result.history.length, 12);
    assert.ok(result.history[0]!.testAcc! < 0.5, `first epoch ${result.history[0]!.testAcc}`);
    const accs = result.history.map((e) => e.testAcc!);
    assert.equal(Math.max(...accs), 1, `accuracies ${accs.join(' ')}`);
    assert.ok(result.testAcc! >= 0.9, `accuracies ${accs.join(' ')}`);
  });

  it("is the book's Trainer.fit step for step: a seeded order each epoch, forward, backward, clip_grads(5), Adam", () => {
    const train = reversal(30, 3);
    const trained = small(4);
    trainSeq2seq(trained, { train }, { optimizer: new Adam(0.01), epochs: 2, batchSize: 8, seed: 5 });
    const byHand = small(4);
    const sampler = new BatchSampler(30, 8, new Rng(5));
    const adam = new Adam(0.01);
    for (let i = 0; i < 2 * sampler.batchesPerEpoch; i++) {
      const idx = sampler.next();
      byHand.forward(takeIdRows(train.questions, idx), takeIdRows(train.answers, idx), { train: true });
      byHand.backward();
      adam.update(byHand.params, clipGrads(byHand.grads, 5).grads);
    }
    assert.deepEqual(snap(trained), snap(byHand));
  });

  it('continues bit-identically from state() after a restore in the middle of an epoch', () => {
    const data = { train: reversal(40, 6), test: reversal(10, 7) };
    const opts = { epochs: 2, batchSize: 12, seed: 1 };
    const straight = small(8);
    const a = new Seq2seqTrainer(straight, data, { ...opts, optimizer: new Adam(0.01) });
    while (!a.done) a.step();
    const first = small(8);
    const b = new Seq2seqTrainer(first, data, { ...opts, optimizer: new Adam(0.01) });
    for (let i = 0; i < 5; i++) b.step();
    const second = small(8);
    second.setParams(first.params);
    const c = new Seq2seqTrainer(second, data, { ...opts, optimizer: new Adam(0.01) });
    c.restore(b.state());
    while (!c.done) c.step();
    assert.deepEqual(snap(second), snap(straight));
    assert.deepEqual(c.result().history.map((e) => [e.loss, e.testAcc]), a.result().history.map((e) => [e.loss, e.testAcc]));
    assert.equal(c.result().testAcc, exactMatch(straight, data.test.questions, data.test.answers));
  });

  it('refuses float ids, mismatched counts, ids outside the vocabulary and a batch larger than the data', () => {
    const train = reversal(10, 9);
    const m = small();
    assertThrows(() => trainSeq2seq(m, { train: { questions: train.questions.astype('float32') as unknown as Tensor<'int32'>, answers: train.answers } }), ValueError, /the training questions must be an int32 Tensor of shape \[N, T\], got float32 \[10, 3\]/);
    assertThrows(() => trainSeq2seq(m, { train: { questions: train.questions.slice(0, 0, 5), answers: train.answers } }), Error, /5 training questions but 10 answers/);
    assertThrows(() => trainSeq2seq(m, { train: { questions: Tensor.full([10, 3], 7, { dtype: 'int32' }), answers: train.answers } }), ValueError, /training id 7 is outside the model's vocabulary of 5/);
    assertThrows(() => trainSeq2seq(m, { train }, { batchSize: 11 }), ValueError, /batchSize 11 is larger than the 10 training pairs/);
  });
});
