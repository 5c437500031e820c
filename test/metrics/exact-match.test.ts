import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, ValueError, exactMatch, type Seq2seqModel } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

/** A stand-in model that answers every question with the question's ids, for checking the counting. */
function echo(): Seq2seqModel {
  return { task: 'seq2seq', vocabSize: 10, generate: (xs: Tensor<'int32'>, _start: number, length: number) => xs.slice(1, 0, length) } as unknown as Seq2seqModel;
}

describe('exactMatch', () => {
  it('counts a question only when every generated id after the start id equals the answer, over batches', () => {
    const q = Tensor.from([[1, 2], [3, 4], [5, 6], [7, 8]], { dtype: 'int32' });
    const a = Tensor.from([[0, 1, 2], [0, 3, 9], [0, 5, 6], [0, 9, 8]], { dtype: 'int32' });
    assert.equal(exactMatch(echo(), q, a), 0.5);
    assert.equal(exactMatch(echo(), q, a, { batchSize: 3 }), 0.5);
    assert.equal(exactMatch(echo(), q.slice(0, 0, 1), a.slice(0, 0, 1)), 1);
  });

  it('refuses answers without a common start id and mismatched counts', () => {
    const q = Tensor.from([[1, 2], [3, 4]], { dtype: 'int32' });
    assertThrows(() => exactMatch(echo(), q, Tensor.from([[0, 1], [1, 2]], { dtype: 'int32' })), ValueError, /answer 1 starts with id 1, answer 0 with 0/);
    assertThrows(() => exactMatch(echo(), q.slice(0, 0, 1), Tensor.from([[0, 1], [0, 2]], { dtype: 'int32' })), Error, /1 questions but 2 answers/);
  });
});
