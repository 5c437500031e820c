import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShapeError, ValueError, accuracy } from '../../src/index.js';
import { assertThrows } from '../helpers.js';
import { ref } from './fixture.js';

describe('accuracy', () => {
  it('is the fraction of right answers (numpy reference)', () => {
    const r = ref.classification;
    assert.equal(accuracy(r.predicted, r.actual), r.accuracy);
    assert.equal(accuracy(Int32Array.from(r.predicted), Int32Array.from(r.actual)), r.accuracy);
  });

  it('does not change its arguments', () => {
    const p = [0, 1, 2];
    accuracy(p, [0, 1, 1]);
    assert.deepEqual(p, [0, 1, 2]);
  });

  it('refuses lists of different lengths and empty ones', () => {
    assertThrows(() => accuracy([0, 1], [0]), ShapeError, /accuracy: 2 predictions for 1 labels/);
    assertThrows(() => accuracy([], []), ValueError, /accuracy: no samples/);
  });
});
