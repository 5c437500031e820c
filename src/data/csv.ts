/**
 * CSV text to a {@link Table}, in any JavaScript runtime, with PapaParse (pure
 * JavaScript, no Node built-ins): quoted fields, CRLF, a byte-order mark, and the
 * delimiter (`,` `;` tab `|`) detected when not given. Bytes are decoded as UTF-8
 * (or UTF-16 with its byte-order mark); every row must have as many fields as the
 * header.
 */
import Papa from 'papaparse';
import { FileFormatError, ValueError } from '../errors/index.js';
import type { Table } from './table.js';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** The field delimiter; default: detected among `,` `;` tab `|` from the first rows. */
  readonly delimiter?: string;
  /** Whether the first row names the columns (default true); without one, columns are named "0", "1", ... */
  readonly header?: boolean;
  /** The decimal separator of numbers; default ',' for a `;`- or tab-separated file whose numbers are written 1,5, else '.'. */
  readonly decimal?: '.' | ',';
  /** How messages name the data (default "CSV data"). */
  readonly name?: string;
  /** Largest text accepted, in characters (default {@link CSV_MAX_CHARS}). */
  readonly maxChars?: number;
}

/** The largest CSV text read by default: 256 M characters (JavaScript strings stop near 512 M). */
export const CSV_MAX_CHARS = 256 * 2 ** 20;

const DELIMITERS = [',', ';', '\t', '|'];
const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const DOT_DECIMAL = /^[+-]?\d*\.\d+([eE][+-]?\d+)?$/;

function decode(bytes: Uint8Array, name: string): string {
  const [a, b] = [bytes[0], bytes[1]];
  const encoding = a === 0xff && b === 0xfe ? 'utf-16le' : a === 0xfe && b === 0xff ? 'utf-16be' : 'utf-8';
  if (encoding === 'utf-8' && bytes.subarray(0, 4096).includes(0)) throw new FileFormatError(`${name}: binary content (a NUL byte), not CSV text`);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new FileFormatError(`${name}: not valid ${encoding.toUpperCase()} text; save the file as "CSV UTF-8" (a spreadsheet's "CSV" may use another encoding)`);
  }
}

/** Where each row starts: lines counted over the text up to each cursor PapaParse reports. */
function lineCounter(text: string): (from: number) => number {
  let at = 0;
  let line = 1;
  return (from) => {
    while (at < text.length && (text[at] === '\n' || text[at] === '\r' || at < from)) {
      if (text[at] === '\n' || (text[at] === '\r' && text[at + 1] !== '\n')) line++;
      at++;
    }
    return line;
  };
}

/**
 * Parses CSV text or bytes into a {@link Table}: header row, fields as text,
 * each row's line. Ragged rows, unterminated quotes, duplicate column names,
 * binary content and a file without data rows are errors naming the row.
 *
 * @example
 * ```ts
 * import { parseCsv } from 'scratchnet';
 * const t = parseCsv('\uFEFFarea;color;price\r\n120;"red";2,5\r\n95;blue;1,75\r\n', { name: 'houses.csv' });
 * console.log(t.columns, t.rows[1], t.decimal); // ['area', 'color', 'price'] ['95', 'blue', '1,75'] ','
 * ```
 */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): Table {
  const name = options.name ?? 'CSV data';
  const maxChars = options.maxChars ?? CSV_MAX_CHARS;
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw new ValueError(`${name}: expected CSV text or bytes, got ${typeof input}`);
  if (options.delimiter !== undefined && (typeof options.delimiter !== 'string' || options.delimiter.length !== 1 || /["\r\n]/.test(options.delimiter))) {
    throw new ValueError(`${name}: the delimiter must be one character other than a quote or a line break, got ${JSON.stringify(options.delimiter)}`);
  }
  if (input.length > maxChars) throw new FileFormatError(`${name}: ${input.length} ${typeof input === 'string' ? 'characters' : 'bytes'}, above the limit of ${maxChars}; raise maxChars if the file is genuine`);
  let text = typeof input === 'string' ? input : decode(input, name);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.slice(0, 4096).includes('\0')) throw new FileFormatError(`${name}: binary content (a NUL character), not CSV text`);
  if (text.trim() === '') throw new ValueError(`${name}: the file is empty: no header and no data rows`);
  const rows: string[][] = [];
  const lines: number[] = [];
  const lineAt = lineCounter(text);
  let cursor = 0;
  let quoteError: string | null = null;
  let delimiter = options.delimiter ?? '';
  Papa.parse<string[]>(text, {
    delimiter: options.delimiter ?? '',
    delimitersToGuess: DELIMITERS,
    skipEmptyLines: 'greedy',
    step: (step, parser) => {
      delimiter ||= step.meta.delimiter;
      lines.push(lineAt(cursor));
      cursor = step.meta.cursor;
      const quote = step.errors.find((e) => e.type === 'Quotes');
      if (quote !== undefined) {
        quoteError = `${quote.message.replace(/\.$/, '')} in the row starting on line ${lines.at(-1)}; a field that holds the delimiter, a quote or a line break must be quoted, with quotes inside doubled ("")`;
        parser.abort();
        return;
      }
      rows.push(step.data.map((f) => f.trim()));
    },
  });
  if (quoteError !== null) throw new FileFormatError(`${name}: ${quoteError}`);
  const header = options.header ?? true;
  const head = header ? rows.shift()! : rows[0]!.map((_, i) => String(i));
  if (header) lines.shift();
  const columns = head.map((c, i) => (c === '' ? String(i) : c));
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    if (seen.has(c)) throw new FileFormatError(`${name}: the header names column ${JSON.stringify(c)} twice (columns ${seen.get(c)! + 1} and ${i + 1}); column names must be unique`);
    seen.set(c, i);
  });
  if (rows.length === 0) throw new ValueError(`${name}: a header (${columns.map((c) => JSON.stringify(c)).join(', ')}) but no data rows: empty data`);
  rows.forEach((row, r) => {
    if (row.length !== columns.length) {
      throw new FileFormatError(`${name}, row ${r + 1} (line ${lines[r]}): ${row.length} field${row.length === 1 ? '' : 's'}, expected ${columns.length} like the header (delimiter ${JSON.stringify(delimiter)}); a field holding the delimiter must be quoted`);
    }
  });
  return { name, columns, rows, rowNumbers: rows.map((_, i) => i + 1), lines, decimal: options.decimal ?? guessDecimal(rows, delimiter) };
}

/** ',' when the delimiter is not a comma, some field reads 1,5 and none reads 1.5. */
function guessDecimal(rows: readonly (readonly string[])[], delimiter: string): '.' | ',' {
  if (delimiter === ',') return '.';
  let comma = false;
  for (const row of rows) {
    for (const f of row) {
      if (DOT_DECIMAL.test(f)) return '.';
      comma ||= COMMA_DECIMAL.test(f);
    }
  }
  return comma ? ',' : '.';
}
