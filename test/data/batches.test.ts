import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchSampler, Rng, Tensor, ValueError, takeLabels, takeRows } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('BatchSampler', () => {
  it('shuffles each epoch without replacement and keeps the partial last batch', () => {
    const s = new BatchSampler(10, 4, new Rng(1));
    assert.equal(s.batchesPerEpoch, 3);
    for (let epoch = 0; epoch < 3; epoch++) {
      const batches = [s.next(), s.next(), s.next()];
      assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
      const seen = batches.flatMap((b) => [...b]).sort((a, b) => a - b);
      assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it("samples with replacement in 'random' mode, like the book's np.random.choice", () => {
    const s = new BatchSampler(5, 5, new Rng(2), 'random');
    let repeats = 0;
    for (let i = 0; i < 50; i++) {
      const b = s.next();
      assert.equal(b.length, 5);
      if (new Set(b).size < 5) repeats++;
    }
    assert.ok(repeats > 30, `only ${repeats} of 50 batches had a repeated index`);
  });

  it('is deterministic for a seed and resumes exactly from its state', () => {
    const a = new BatchSampler(50, 8, new Rng(3));
    const rng = new Rng(3);
    const b = new BatchSampler(50, 8, rng);
    for (let i = 0; i < 4; i++) assert.deepEqual([...a.next()], [...b.next()]);
    const saved = JSON.parse(JSON.stringify({ s: b.state(), r: rng.state() }));
    const expected = Array.from({ length: 10 }, () => [...b.next()]);
    const c = new BatchSampler(50, 8, Rng.fromState(saved.r));
    c.loadState(saved.s);
    assert.deepEqual(Array.from({ length: 10 }, () => [...c.next()]), expected);
  });

  it('rejects batch sizes of 0 or above the data size', () => {
    assertThrows(() => new BatchSampler(10, 0, new Rng(0)), ValueError, /batch size must be an integer in 1 \.\. 10 \(the data size\), got 0/);
    assertThrows(() => new BatchSampler(10, 11, new Rng(0)), ValueError, /got 11/);
    assertThrows(() => new BatchSampler(10, 2, new Rng(0), 'x' as 'random'), ValueError, /sampling/);
  });
});

describe('takeRows / takeLabels', () => {
  it('gathers rows and labels by index', () => {
    const x = Tensor.from([[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(takeRows(x, [2, 0]).toArray(), [[5, 6], [1, 2]]);
    assert.deepEqual([...(takeLabels(new Int32Array([7, 8, 9]), [1, 1]) as Int32Array)], [8, 8]);
    assertThrows(() => takeRows(x, [3]), ValueError, /row index 3 is outside 0 \.\. 2/);
  });
});
