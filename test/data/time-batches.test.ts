import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimeBatcher, ValueError } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('TimeBatcher', () => {
  it("cuts the corpus as the book's get_batch: batchSize cursors ⌊(size − 1) / batchSize⌋ apart, each batch the next timeSize ids, ts one ahead, wrapping around", () => {
    const corpus = Int32Array.from({ length: 13 }, (_, i) => 100 + i); // xs = 100 .. 111 (12), ts = 101 .. 112
    const b = new TimeBatcher(corpus, 2, 3); // jump 6, 2 batches per epoch
    assert.equal(b.itersPerEpoch, 2);
    let { xs, ts } = b.next();
    assert.deepEqual(xs.toArray(), [[100, 101, 102], [106, 107, 108]]);
    assert.deepEqual(ts.toArray(), [[101, 102, 103], [107, 108, 109]]);
    ({ xs } = b.next());
    assert.deepEqual(xs.toArray(), [[103, 104, 105], [109, 110, 111]]);
    ({ xs, ts } = b.next()); // the second cursor runs past the end and wraps, as (offset + time_idx) % size does
    assert.deepEqual(xs.toArray(), [[106, 107, 108], [100, 101, 102]]);
    assert.equal(xs.dtype, 'int32');
  });

  it('continues exactly from a saved state', () => {
    const corpus = Int32Array.from({ length: 50 }, (_, i) => i);
    const a = new TimeBatcher(corpus, 3, 4);
    a.next();
    const saved = a.state();
    const expected = a.next().xs.toArray();
    const b = new TimeBatcher(corpus, 3, 4);
    b.loadState(saved);
    assert.deepEqual(b.next().xs.toArray(), expected);
  });

  it('explains a corpus too short for one batch and bad sizes', () => {
    assertThrows(() => new TimeBatcher(new Int32Array(10), 3, 4), ValueError, /a corpus of 10 ids is too short for one batch of 3 × 4 \(needs at least 13\)/);
    assertThrows(() => new TimeBatcher(new Int32Array(100), 0, 4), ValueError, /batchSize must be a whole number ≥ 1, got 0/);
    assertThrows(() => new TimeBatcher([1, 2] as unknown as Int32Array, 1, 1), ValueError, /must be an Int32Array/);
  });
});
