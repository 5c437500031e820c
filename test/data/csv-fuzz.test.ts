import { describe, it } from 'node:test';
import { csvData } from '../../src/index.js';
import { fuzz } from '../fuzz-harness.js';
import { csvMutators } from './csv-mutations.js';

/** The CSV reader's checks (parsing, then the columns and values), each with its message. */
const CHECKS: readonly (readonly [string, RegExp])[] = [
  ['encoding', /^fuzz\.csv: (not valid UTF-.* text|binary content)/],
  ['empty file', /^fuzz\.csv: the file is empty/],
  ['no data rows', /^fuzz\.csv: a header .* but no data rows: empty data/],
  ['quotes', /^fuzz\.csv: .* in the row starting on line \d+; a field that holds the delimiter/],
  ['ragged row', /^fuzz\.csv, row \d+ \(line \d+\): \d+ fields?, expected \d+ like the header/],
  ['duplicate column', /^fuzz\.csv: the header names column .* twice/],
  ['unknown column', /^fuzz\.csv: no column .* for the target; the columns are/],
  ['no features', /^fuzz\.csv: no feature columns/],
  ['empty column', /^fuzz\.csv: column .* has no values/],
  ['missing value', /^fuzz\.csv, row \d+ \(line \d+\), column .*: a missing value/],
  ['not a number', /^fuzz\.csv, row \d+ \(line \d+\), column .*: expected a number, got/],
  ['not finite', /^fuzz\.csv, row \d+ \(line \d+\), column .*: .* is not a finite number/],
  ['too many categories', /^fuzz\.csv: column .* holds \d+ different texts in \d+ rows, more than the 8 categories/],
  ['one class', /^fuzz\.csv: the target column "y" holds one class only/],
];

describe('CSV reader under hostile input: 10,000 seeded mutations', () => {
  it('quotes, delimiters, ragged rows, huge fields, BOMs, numbers, line endings, header, encoding, categories, target, empty data', (t) => {
    const parse = (input: unknown) => {
      const d = csvData(input as Uint8Array, { target: 'y', name: 'fuzz.csv', maxCategories: 8 });
      if (!d.x.data.every(Number.isFinite) || d.x.shape[0] !== d.table.rows.length) throw new Error(`a parsed file gave inputs that are not finite or not one row per row: ${d.x.shape}`);
    };
    // a few mutations (BOMs, empty files) come in few variants, so inputs repeat more than in a binary format
    fuzz({ name: 'CSV', seed: 41, mutators: csvMutators, parse, checks: CHECKS, minDistinct: 8500, maxGrowth: 4 * 2 ** 20 }, t);
  });
});
