import { ValueError } from '../errors/index.js';
import { Rng } from '../random/rng.js';
import { formatSeq2seqText } from './seq2seq-text.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Parts = { readonly y: number; readonly m: number; readonly d: number; readonly wd: number };
const two = (v: number) => String(v).padStart(2, '0');
const yy = (p: Parts) => two(p.y % 100);
const mon = (p: Parts) => MONTHS[p.m - 1]!.slice(0, 3);
const month = (p: Parts) => MONTHS[p.m - 1]!;

/**
 * The human formats of the book's date.txt (babel's en_US short, medium, long and full, and the patterns
 * of the generator it comes from), the full form weighted as there.
 */
const FORMATS: readonly ((p: Parts) => string)[] = [
  (p) => `${p.m}/${p.d}/${yy(p)}`, // short: 9/27/94
  (p) => `${mon(p)} ${p.d}, ${p.y}`, // medium: Sep 27, 1994
  (p) => `${month(p)} ${p.d}, ${p.y}`, // long: September 27, 1994
  ...Array.from({ length: 4 }, () => (p: Parts) => `${DAYS[p.wd]}, ${month(p)} ${p.d}, ${p.y}`), // full: Tuesday, September 27, 1994
  (p) => `${DAYS[p.wd]!.slice(0, 3)}, ${mon(p)} ${p.d}, ${p.y}`, // Tue, Sep 27, 1994
  (p) => `${p.d} ${mon(p)} ${p.y}`,
  (p) => `${p.d} ${month(p)} ${p.y}`,
  (p) => `${two(p.d)} ${mon(p)} ${p.y}`,
  (p) => `${p.d} ${mon(p)}, ${p.y}`,
  (p) => `${p.d} ${month(p)}, ${p.y}`,
  (p) => `${two(p.d)}, ${mon(p)} ${p.y}`,
  (p) => `${p.d} ${two(p.m)} ${yy(p)}`,
  (p) => `${month(p)} ${p.d} ${p.y}`,
  (p) => `${two(p.d)}.${two(p.m)}.${yy(p)}`,
];

/** Options of {@link dateExamples} and {@link datesText}. */
export interface DateOptions {
  /** Seed of the draws (default 0). */
  readonly seed?: number;
  /** First and last year (default 1970 and 2019: a two-digit year is never ambiguous). */
  readonly from?: number;
  readonly to?: number;
}

/**
 * Date questions as the book's dataset/date.txt: a day drawn uniformly from the years `from` .. `to`,
 * written in one of many human formats (9/27/94, Sep 27 1994, Tuesday, September 27, 1994, 27.09.94, ...)
 * in its own case, lower case or upper case; the answer is the ISO date 1994-09-27. Weekdays are the
 * true ones. All from a seeded generator.
 *
 * @example
 * ```ts
 * import { dateExamples } from 'scratchnet';
 * dateExamples(2, { seed: 3 }); // e.g. [['september 27, 1994', '1994-09-27'], ['6/3/73', '1973-06-03']]
 * ```
 */
export function dateExamples(n: number, options: DateOptions = {}): [string, string][] {
  const { seed = 0, from = 1970, to = 2019 } = options;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1000 || to > 9999 || from > to) throw new ValueError(`dateExamples: need years 1000 ≤ from ≤ to ≤ 9999, got ${from} and ${to}`);
  if (to - from >= 100) throw new ValueError(`dateExamples: the years span at most a century (a two-digit year must name one year), got ${from} .. ${to}`);
  if (!Number.isSafeInteger(n) || n < 1) throw new ValueError(`dateExamples: n must be a whole number ≥ 1, got ${n}`);
  const rng = new Rng(seed);
  const first = Date.UTC(from, 0, 1) / 86400000;
  const days = Date.UTC(to + 1, 0, 1) / 86400000 - first;
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const date = new Date((first + rng.int(days)) * 86400000);
    const p: Parts = { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), wd: date.getUTCDay() };
    const text = FORMATS[rng.int(FORMATS.length)]!(p);
    const casing = rng.int(3);
    out.push([casing === 1 ? text.toLowerCase() : casing === 2 ? text.toUpperCase() : text, `${p.y}-${two(p.m)}-${two(p.d)}`]);
  }
  return out;
}

/**
 * {@link dateExamples} in the book's text format: questions padded to 29 characters (the longest,
 * "Wednesday, September 27, 1995"), answers `_YYYY-MM-DD` — the book's date.txt has 50,000.
 *
 * @example
 * ```ts
 * import { datesText } from 'scratchnet';
 * datesText(1, { seed: 3 }).length; // 29 + 11 + 1 (the newline)
 * ```
 */
export function datesText(n: number, options: DateOptions = {}): string {
  return formatSeq2seqText(dateExamples(n, options), 29, 11);
}
