import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShapeError, ValueError, confusionMatrix } from '../../src/index.js';
import { assertThrows } from '../helpers.js';
import { ref } from './fixture.js';

describe('confusionMatrix', () => {
  it('counts true class by row and given class by column (numpy reference)', () => {
    const r = ref.classification;
    assert.deepEqual(confusionMatrix(r.predicted, r.actual, r.classes), r.confusion);
  });

  it('keeps a class that never occurs as a row and a column of zeros', () => {
    assert.deepEqual(confusionMatrix([0, 0], [0, 1], 3), [[1, 0, 0], [1, 0, 0], [0, 0, 0]]);
  });

  it('refuses classes out of range, lengths that differ and a bad class count', () => {
    assertThrows(() => confusionMatrix([0, 3], [0, 1], 3), ValueError, /confusionMatrix: sample 1 has class 1 given 3, outside 0 \.\. 2/);
    assertThrows(() => confusionMatrix([0, 1], [0, 1.5], 3), ValueError, /sample 1 has class 1\.5/);
    assertThrows(() => confusionMatrix([0], [0, 1], 3), ShapeError, /1 predictions for 2 labels/);
    assertThrows(() => confusionMatrix([0], [0], 0), ValueError, /classes must be a positive integer, got 0/);
  });
});
