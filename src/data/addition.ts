import { ValueError } from '../errors/index.js';
import { Rng } from '../random/rng.js';
import { formatSeq2seqText } from './seq2seq-text.js';

/** Options of {@link additionExamples} and {@link additionText}. */
export interface AdditionOptions {
  /** Seed of the draws (default 0). */
  readonly seed?: number;
  /** Most digits of each operand (default 3, as the book's addition.txt). */
  readonly digits?: number;
}

/**
 * Addition problems as the book's dataset/addition.txt has them: each operand has 1 to `digits` random
 * digits (so 0 .. 999 with small numbers more frequent, as the Keras example the data comes from draws
 * them), no pair twice in either order, the question `a+b` and the answer the sum, all from a seeded
 * generator.
 *
 * @example
 * ```ts
 * import { additionExamples } from 'scratchnet';
 * additionExamples(2, { seed: 1 }); // e.g. [['5+861', '866'], ['37+4', '41']]
 * ```
 */
export function additionExamples(n: number, options: AdditionOptions = {}): [string, string][] {
  const { seed = 0, digits = 3 } = options;
  if (!Number.isSafeInteger(digits) || digits < 1 || digits > 7) throw new ValueError(`additionExamples: digits must be a whole number 1 .. 7, got ${digits}`);
  const top = 10 ** digits;
  const distinct = (top * (top + 1)) / 2;
  if (!Number.isSafeInteger(n) || n < 1 || n > distinct / 2) throw new ValueError(`additionExamples: n must be a whole number from 1 to ${distinct / 2} (half the ${distinct} distinct pairs of ${digits}-digit numbers), got ${n}`);
  const rng = new Rng(seed);
  const number = (): number => {
    let v = 0;
    for (let i = rng.int(digits) + 1; i > 0; i--) v = v * 10 + rng.int(10);
    return v;
  };
  const seen = new Set<number>();
  const out: [string, string][] = [];
  while (out.length < n) {
    const [a, b] = [number(), number()];
    const key = Math.min(a, b) * top + Math.max(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([`${a}+${b}`, `${a + b}`]);
  }
  return out;
}

/**
 * {@link additionExamples} in the book's text format: questions padded to 2·digits + 1 characters,
 * answers (with their `_`) to digits + 2, e.g. `16+75  _91  ` — the book's addition.txt has 50,000.
 *
 * @example
 * ```ts
 * import { additionText, parseSeq2seqText } from 'scratchnet';
 * const data = parseSeq2seqText(additionText(1000));
 * data.questions.shape; // [1000, 7]
 * ```
 */
export function additionText(n: number, options: AdditionOptions = {}): string {
  const digits = options.digits ?? 3;
  return formatSeq2seqText(additionExamples(n, options), 2 * digits + 1, digits + 2);
}
