import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueError, additionExamples, additionText, parseSeq2seqText } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('additionExamples and additionText', () => {
  it('are deterministic from their seed, right, distinct in either order, and in the book\'s widths (7 and 5)', () => {
    const pairs = additionExamples(3000, { seed: 4 });
    assert.deepEqual(additionExamples(3000, { seed: 4 }), pairs);
    assert.notDeepEqual(additionExamples(3000, { seed: 5 }), pairs);
    const seen = new Set<string>();
    for (const [q, a] of pairs) {
      const [x, y] = q.split('+').map(Number) as [number, number];
      assert.ok(/^\d{1,3}\+\d{1,3}$/.test(q) && x < 1000 && y < 1000, q);
      assert.equal(Number(a), x + y, q);
      const key = [x, y].sort((u, v) => u - v).join();
      assert.ok(!seen.has(key), `${q} twice`);
      seen.add(key);
    }
    const data = parseSeq2seqText(additionText(3000, { seed: 4 }));
    assert.deepEqual([data.questions.shape[1], data.answers.shape[1]], [7, 5]);
    assert.deepEqual([...data.vocab.chars].sort(), [' ', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '_']);
  });

  it('draws each operand with 1 to 3 digits equally often, as the Keras example the book\'s file comes from', () => {
    const lengths = [0, 0, 0, 0];
    for (const [q] of additionExamples(6000, { seed: 1 })) for (const x of q.split('+')) lengths[x.length]!++;
    // one-digit numbers are fewer: leading zeros collapse ("07" is 7), and repeated pairs of small numbers are skipped
    assert.ok(lengths[3]! > lengths[2]! && lengths[2]! > lengths[1]!, lengths.join());
  });

  it('refuses more examples than there are distinct pairs to draw from', () => {
    assertThrows(() => additionExamples(100, { digits: 1 }), ValueError, /n must be a whole number from 1 to 27\.5/);
    assertThrows(() => additionExamples(10, { digits: 0 }), ValueError, /digits must be a whole number 1 \.\. 7/);
  });
});
