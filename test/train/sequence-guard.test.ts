import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rnnlm, SGD, Seq2seq, Tensor, TrainingDivergedError, trainLanguageModel, trainSeq2seq } from '../../src/index.js';

const corpus = Int32Array.from({ length: 300 }, (_, i) => [0, 1, 2, 3, 2, 1][i % 6]!);

describe('the sequence trainers\' NaN guard', () => {
  it('stops a language model whose loss explodes while staying finite, naming the iteration and the learning rate', () => {
    const model = new Rnnlm({ vocabSize: 4, wordvecSize: 4, hiddenSize: 4 });
    let err: unknown;
    try {
      trainLanguageModel(model, corpus, { optimizer: new SGD(1e30), batchSize: 4, timeSize: 5, epochs: 3 });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof TrainingDivergedError, String(err));
    assert.match(err.message, /^training stopped at iteration (\d+): the loss exploded \(mean of the last iterations .*, the first was .*\)\. Hint: lower the learning rate \(now 1e\+30\)/);
    assert.equal(err.iteration, Number(/iteration (\d+)/.exec(err.message)![1]));
    assert.ok(err.iteration > 1);
    // unguarded, the same run goes on to the end
    const free = trainLanguageModel(new Rnnlm({ vocabSize: 4, wordvecSize: 4, hiddenSize: 4 }), corpus, { optimizer: new SGD(1e30), batchSize: 4, timeSize: 5, epochs: 3, nanGuard: false });
    assert.equal(free.iters, 3 * 14);
  });

  it('stops a seq2seq run the same way', () => {
    const q = Tensor.from([[1, 2], [2, 1], [1, 1], [2, 2]], { dtype: 'int32' });
    const a = Tensor.from([[0, 2, 1], [0, 1, 2], [0, 1, 1], [0, 2, 2]], { dtype: 'int32' });
    assert.throws(() => trainSeq2seq(new Seq2seq({ vocabSize: 3, wordvecSize: 4, hiddenSize: 4 }), { train: { questions: q, answers: a } }, { optimizer: new SGD(1e30), maxGrad: null, epochs: 30, batchSize: 2 }), TrainingDivergedError);
  });
});
