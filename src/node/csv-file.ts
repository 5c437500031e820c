import { statSync } from 'node:fs';
import { FileFormatError } from '../errors/index.js';
import { CSV_MAX_CHARS } from '../data/csv.js';
import { csvData, type TableData, type TableDataOptions } from '../data/table-data.js';
import { readFileBytes } from './read-file.js';

/**
 * Reads a CSV file (or CSV text: a string with a line break) as training data:
 * the delimiter (`,` `;` tab `|`) detected, quotes, CRLF and a byte-order mark
 * handled, numbers as numbers, text columns one-hot, the target as class names
 * or numbers. Errors name the file, row, column and value.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { Tensor, loadCsv } from 'scratchnet';
 * writeFileSync('houses.csv', 'area;rooms;city;price\n120;4;Lyon;310000\n75;3;Paris;420000\n98;3;Lyon;260000\n');
 * const d = loadCsv('houses.csv', { target: 'price' });
 * console.log(d.task, d.featureNames); // 'regression' ['area', 'rooms', 'city=Lyon', 'city=Paris']
 * console.log(d.y instanceof Tensor && d.y.data); // Float32Array [310000, 420000, 260000]: the prices, a (3, 1) Tensor
 * ```
 */
export function loadCsv(pathOrText: string, options: TableDataOptions): TableData {
  if (typeof pathOrText === 'string' && /[\r\n]/.test(pathOrText)) return csvData(pathOrText, { name: 'CSV text', ...options });
  let size: number;
  try {
    size = statSync(pathOrText).size;
  } catch (e) {
    throw new FileFormatError(`${pathOrText}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const max = options.maxChars ?? CSV_MAX_CHARS;
  if (size > max) throw new FileFormatError(`${pathOrText}: ${size} bytes, above the limit of ${max}; raise maxChars if the file is genuine`);
  return csvData(readFileBytes(pathOrText), { name: pathOrText, ...options });
}
