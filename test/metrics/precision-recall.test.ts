import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueError, precisionRecall } from '../../src/index.js';
import { assertThrows } from '../helpers.js';
import { ref } from './fixture.js';

const close = (a: readonly number[], b: readonly number[]) => assert.ok(a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-15), `${a} vs ${b}`);

describe('precisionRecall', () => {
  it('reads precision, recall, F1 and support of each class off the confusion matrix (numpy reference, 0/0 as 0)', () => {
    const r = ref.classification;
    const got = precisionRecall(r.confusion);
    close(got.precision, r.precision);
    close(got.recall, r.recall);
    close(got.f1, r.f1);
    assert.deepEqual(got.support, r.support);
    assert.equal(got.precision[3], 0, 'class 3 is never given: precision 0/0 counts as 0');
  });

  it('does not change its argument', () => {
    const m = [[3, 1], [2, 4]];
    precisionRecall(m);
    assert.deepEqual(m, [[3, 1], [2, 4]]);
  });

  it('refuses a matrix that is not square', () => {
    assertThrows(() => precisionRecall([[1, 2], [3]]), ValueError, /expected a square confusion matrix, got 2 rows of lengths 2, 1/);
    assertThrows(() => precisionRecall([]), ValueError, /square confusion matrix, got 0 rows/);
  });
});
