import { ValueError } from '../errors/index.js';

/** Per-class figures read from a confusion matrix, each a list in class order. */
export interface PrecisionRecall {
  /** Of the samples given class c, the fraction that are c (0 when none was given c). */
  readonly precision: readonly number[];
  /** Of the samples of class c, the fraction given c (0 when the class has none). */
  readonly recall: readonly number[];
  /** The harmonic mean 2·p·r/(p + r) (0 when both are 0). */
  readonly f1: readonly number[];
  /** The samples of each class (the row sums). */
  readonly support: readonly number[];
}

/**
 * Precision, recall, F1 and support of every class from a confusion matrix (rows: true class,
 * columns: given class). A class never given, or never present, gets 0 where the fraction is 0/0,
 * as scikit-learn's default does.
 *
 * @example
 * ```ts
 * import { precisionRecall } from 'scratchnet';
 * precisionRecall([[3, 1], [2, 4]]); // precision [0.6, 0.8], recall [0.75, 0.667], f1 [0.667, 0.727], support [4, 6]
 * ```
 */
export function precisionRecall(confusion: readonly (readonly number[])[]): PrecisionRecall {
  const C = confusion.length;
  if (C === 0 || confusion.some((row) => row.length !== C)) throw new ValueError(`precisionRecall: expected a square confusion matrix, got ${C} rows of lengths ${confusion.map((r) => r.length).join(', ')}`);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const support = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const given = confusion[0]!.map((_, j) => confusion.reduce((s, row) => s + row[j]!, 0));
  const precision = confusion.map((row, c) => ratio(row[c]!, given[c]!));
  const recall = confusion.map((row, c) => ratio(row[c]!, support[c]!));
  const f1 = precision.map((p, c) => ratio(2 * p * recall[c]!, p + recall[c]!));
  return { precision, recall, f1, support };
}
