import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueError, dateExamples, datesText, parseSeq2seqText } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Zeller's congruence (0 = Sunday), written out here, independent of the generator's Date. */
function weekday(y: number, m: number, d: number): number {
  if (m < 3) [y, m] = [y - 1, m + 12];
  const h = (d + Math.floor((13 * (m + 1)) / 5) + y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7; // 0 = Saturday
  return (h + 6) % 7;
}

describe('dateExamples and datesText', () => {
  it('are deterministic; each question names the answer\'s day, month and year, and its weekday is the true one', () => {
    const pairs = dateExamples(3000, { seed: 2 });
    assert.deepEqual(dateExamples(3000, { seed: 2 }), pairs);
    let weekdays = 0;
    for (const [q, a] of pairs) {
      const [y, m, d] = a.split('-').map(Number) as [number, number, number];
      assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(a) && y >= 1970 && y <= 2019, a);
      const text = q.toLowerCase();
      const numbers = (text.match(/\d+/g) ?? []).map(Number);
      assert.ok(numbers.includes(d), `${q}: day ${d}`);
      assert.ok(numbers.includes(y) || numbers.includes(y % 100), `${q}: year ${y}`);
      assert.ok(text.includes(MONTHS[m - 1]!) || numbers.includes(m), `${q}: month ${m}`);
      const named = DAYS.findIndex((w) => text.startsWith(w));
      if (named >= 0) {
        weekdays++;
        assert.equal(named, weekday(y, m, d), `${q}: the weekday of ${a}`);
      }
    }
    assert.ok(weekdays > 500, 'many questions name their weekday');
    const lower = pairs.filter(([q]) => /[a-z]/.test(q) && q === q.toLowerCase()).length;
    const upper = pairs.filter(([q]) => /[A-Z]/.test(q) && q === q.toUpperCase()).length;
    assert.ok(lower > 500 && upper > 500, `cases: ${lower} lower, ${upper} upper`);
  });

  it("fits the book's widths: questions of 29 characters, answers _YYYY-MM-DD", () => {
    const data = parseSeq2seqText(datesText(2000, { seed: 3 }));
    assert.deepEqual([data.questions.shape[1], data.answers.shape[1]], [29, 11]);
  });

  it('refuses a span of years a two-digit year cannot name', () => {
    assertThrows(() => dateExamples(1, { from: 1900, to: 2019 }), ValueError, /at most a century/);
    assertThrows(() => dateExamples(0), ValueError, /n must be a whole number ≥ 1/);
  });
});
