/**
 * A table as read from a CSV file (or built from records): named columns, each
 * row's fields as text, and where each row came from, so that every message can
 * name the file, the row and the column.
 */
import { ValueError } from '../errors/index.js';

/** Rows of named fields, as {@link parseCsv} reads them. */
export interface Table {
  /** How messages name the data (a file name). */
  readonly name: string;
  readonly columns: readonly string[];
  /** Each row's fields as text, one per column. */
  readonly rows: readonly (readonly string[])[];
  /** Each row's number among the data rows, from 1 (kept when rows are taken out). */
  readonly rowNumbers: readonly number[];
  /** The line of the file where each row starts, from 1; null for a table built from records. */
  readonly lines: readonly number[] | null;
  /** The decimal separator of numbers: '.' or, in a `;`-separated file from a spreadsheet in many languages, ','. */
  readonly decimal: '.' | ',';
}

/** Text that stands for a missing value: empty, `NA`, `N/A`, `null`, `None`, `NaN`, `?`, `#N/A` and their usual spellings. */
export const MISSING_VALUES: readonly string[] = ['', 'NA', 'N/A', 'n/a', 'na', 'null', 'NULL', 'Null', 'None', 'none', 'NaN', 'nan', 'NAN', '?', '#N/A', '-'];

const MISSING = new Set(MISSING_VALUES);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?\d+(,\d+)?([eE][+-]?\d+)?$/;
const INFINITE = /^[+-]?(inf|infinity)$/i;

/** Whether a field stands for a missing value ({@link MISSING_VALUES}, spaces around ignored). */
export function isMissing(field: string): boolean {
  return MISSING.has(field.trim());
}

/** A field as a number (±Infinity for `inf`, `1e999`, ...), or null when it is not one. */
export function parseNumber(field: string, decimal: '.' | ',' = '.'): number | null {
  const s = field.trim();
  if (INFINITE.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (decimal === ',' ? !COMMA_NUMBER.test(s) : !NUMBER.test(s)) return null;
  return Number(decimal === ',' ? s.replace(',', '.') : s);
}

/** "houses.csv, row 6 (line 7)": where row `r` of the table came from. */
export function rowLabel(table: Table, r: number): string {
  return `${table.name}, row ${table.rowNumbers[r]}${table.lines ? ` (line ${table.lines[r]})` : ''}`;
}

/** Shows a field in a message: quoted, and cut short when long. */
export function showField(field: string): string {
  return JSON.stringify(field.length > 40 ? `${field.slice(0, 40)}...` : field);
}

/**
 * A table from records, as a program has them: `[{ area: 120, color: 'red' }, ...]`.
 * Columns are the keys of the first record; every record must have the same keys.
 *
 * @example
 * ```ts
 * import { tableFromRecords } from 'scratchnet';
 * const t = tableFromRecords([{ area: 120, color: 'red' }, { area: 95.5, color: 'blue' }]);
 * console.log(t.columns, t.rows); // ['area', 'color'] [['120', 'red'], ['95.5', 'blue']]
 * ```
 */
export function tableFromRecords(records: readonly Readonly<Record<string, string | number | null | undefined>>[], name = 'records'): Table {
  if (!Array.isArray(records)) throw new ValueError(`${name}: expected an array of records such as [{ area: 120, color: 'red' }], got ${typeof records}`);
  const columns = records.length > 0 ? Object.keys(records[0]!) : [];
  const rows = records.map((rec, i) => {
    const keys = Object.keys(rec ?? {});
    const extra = keys.filter((k) => !columns.includes(k));
    const missing = columns.filter((k) => !keys.includes(k));
    if (extra.length + missing.length > 0) {
      throw new ValueError(`${name}, row ${i + 1}: the keys differ from the first record's${missing.length ? `; missing ${missing.map((k) => JSON.stringify(k)).join(', ')}` : ''}${extra.length ? `; extra ${extra.map((k) => JSON.stringify(k)).join(', ')}` : ''}; give every record the same keys (null for a missing value)`);
    }
    return columns.map((c) => {
      const v = rec[c];
      if (v === null || v === undefined) return '';
      if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
      if (typeof v !== 'string') throw new ValueError(`${name}, row ${i + 1}, column ${JSON.stringify(c)}: expected a number or a string, got ${typeof v}`);
      return v;
    });
  });
  return { name, columns, rows, rowNumbers: rows.map((_, i) => i + 1), lines: null, decimal: '.' };
}

/** The rows at `indices` (a training split, say), each keeping its row number and line for messages. */
export function takeTableRows(table: Table, indices: ArrayLike<number>): Table {
  const pick = <T>(xs: readonly T[]) => Array.from(indices, (i) => {
    if (!(i >= 0 && i < xs.length && Number.isInteger(i))) throw new ValueError(`takeTableRows: index ${i} is outside 0 .. ${xs.length - 1}`);
    return xs[i]!;
  });
  return { ...table, rows: pick(table.rows), rowNumbers: pick(table.rowNumbers), lines: table.lines ? pick(table.lines) : null };
}

/** The table without the rows that have a missing value in any of `columns`. */
export function dropMissingRows(table: Table, columns: readonly string[]): Table {
  const at = columns.map((c) => table.columns.indexOf(c)).filter((i) => i >= 0);
  const keep = table.rows.flatMap((row, r) => (at.some((i) => isMissing(row[i]!)) ? [] : [r]));
  return takeTableRows(table, keep);
}
