import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueError, histogram } from '../../src/index.js';
import { assertThrows } from '../helpers.js';
import { ref } from './fixture.js';

describe('histogram', () => {
  it("counts as numpy.histogram does, over the values' range and over a fixed one", () => {
    const { values, counts, range, fixed, below, above } = ref.histogram;
    const h = histogram(values);
    assert.deepEqual(h.counts, counts);
    assert.deepEqual(h.range, range);
    assert.deepEqual([h.below, h.above, h.nan], [0, 0, 0]);
    const f = histogram(values, { bins: 12, range: [-1, 1] });
    assert.deepEqual(f.counts, fixed);
    assert.deepEqual([f.below, f.above], [below, above]);
  });

  it('puts the top edge in the last bin, counts NaN apart, and widens an empty range as numpy does', () => {
    assert.deepEqual(histogram([0, 0.5, 1], { bins: 2, range: [0, 1] }).counts, [1, 2]);
    const h = histogram([NaN, 2, 2], { bins: 4 });
    assert.deepEqual([h.counts, h.range, h.nan], [[0, 0, 2, 0], [1.5, 2.5], 1]);
    assert.deepEqual(histogram([], { bins: 2 }).range, [0, 1]);
    const values = [3, 1, 2];
    histogram(values);
    assert.deepEqual(values, [3, 1, 2], 'the values are not changed');
  });

  it('refuses bad bins and ranges', () => {
    assertThrows(() => histogram([1], { bins: 0 }), ValueError, /^histogram: bins must be a positive integer, got 0$/);
    assertThrows(() => histogram([1], { range: [1, 0] }), ValueError, /^histogram: range must be two finite numbers, lo ≤ hi, got \[1, 0\]$/);
    assertThrows(() => histogram([1], { range: [0, Infinity] }), ValueError, /got \[0, Infinity\]/);
  });
});
