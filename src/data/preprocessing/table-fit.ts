/**
 * Fitting a table's preprocessing on training rows: which columns are numbers
 * and which are categories, each number column's mean and std, each category
 * column's vocabulary, and the target's classes or mean and std. Nothing is
 * imputed: a missing or malformed value is an error naming the row and column.
 */
import { NonFiniteError, ValueError } from '../../errors/index.js';
import { isMissing, parseNumber, rowLabel, showField, type Table } from '../table.js';
import type { ClassTarget, FeatureSpec, NumberTarget, TableInputSpec } from './spec.js';

/** Classification or regression. */
export type Task = 'classification' | 'regression';

/** Options of {@link Preprocessing.fit} for tables. */
export interface TableFitOptions {
  /** The column to predict: a name, or an index (0-based; −1 is the last column); null for none. */
  readonly target: string | number | null;
  /** The input columns, in order (default: every column but the target). */
  readonly features?: readonly (string | number)[];
  /** Columns to treat as categories even though they hold numbers (a ZIP code, say). */
  readonly categorical?: readonly (string | number)[];
  /**
   * 'classification', 'regression' or 'auto' (default): a target of text is classification; a target of whole numbers
   * with at most 20 distinct values, each seen twice on average, is classification; any other is regression.
   */
  readonly task?: Task | 'auto';
  /** Standardize number columns and a regression target with the training rows' mean and std (default true). */
  readonly standardize?: boolean;
  /** Most categories a text column may have (default 1000): more is usually an identifier, not a category. */
  readonly maxCategories?: number;
}

/** The largest number of distinct whole numbers that 'auto' still takes for classes. */
export const AUTO_MAX_CLASSES = 20;

/** A column by name or index, or an error listing the columns. */
export function resolveColumn(table: Table, ref: string | number, role: string): string {
  const { columns } = table;
  if (typeof ref === 'number') {
    const i = ref < 0 ? columns.length + ref : ref;
    if (!Number.isInteger(ref) || i < 0 || i >= columns.length) throw new ValueError(`${table.name}: no column ${ref} for the ${role}; there are ${columns.length} columns (0 to ${columns.length - 1}, or −1 for the last)`);
    return columns[i]!;
  }
  if (typeof ref !== 'string' || !columns.includes(ref)) {
    const near = columns.find((c) => typeof ref === 'string' && c.toLowerCase().trim() === ref.toLowerCase().trim());
    throw new ValueError(`${table.name}: no column ${JSON.stringify(ref)} for the ${role}; the columns are ${columns.map((c) => JSON.stringify(c)).join(', ')}${near ? `; did you mean ${JSON.stringify(near)}?` : ''}`);
  }
  return ref;
}

/** A column's values as numbers; any missing, non-numeric or infinite value is an error naming the row, column and value. */
export function numberColumn(table: Table, column: string, hint: string): Float64Array {
  const c = table.columns.indexOf(column);
  const out = new Float64Array(table.rows.length);
  table.rows.forEach((row, r) => {
    const field = row[c]!;
    const where = `${rowLabel(table, r)}, column ${JSON.stringify(column)}`;
    if (isMissing(field)) throw new ValueError(`${where}: a missing value (${field.trim() === '' ? 'empty' : showField(field)}); fill it in, or drop incomplete rows (missing: 'drop')`);
    const v = parseNumber(field, table.decimal);
    if (v === null) {
      const comma = table.decimal === '.' && parseNumber(field, ',') !== null ? '; if the file writes decimals with a comma, pass decimal: \',\'' : '';
      throw new ValueError(`${where}: expected a number, got ${showField(field)}${comma}; ${hint}`);
    }
    if (!Number.isFinite(v)) throw new NonFiniteError(`${where}: ${showField(field)} is not a finite number; the data must be finite`);
    out[r] = v;
  });
  return out;
}

/** A column's values as text; a missing value is an error naming the row and column. */
function textColumn(table: Table, column: string): string[] {
  const c = table.columns.indexOf(column);
  return table.rows.map((row, r) => {
    if (isMissing(row[c]!)) throw new ValueError(`${rowLabel(table, r)}, column ${JSON.stringify(column)}: a missing value (${row[c]!.trim() === '' ? 'empty' : showField(row[c]!)}); fill it in, or drop incomplete rows (missing: 'drop')`);
    return row[c]!;
  });
}

/** Whether most of a column's present values read as numbers. */
function looksNumeric(table: Table, column: string): boolean {
  const c = table.columns.indexOf(column);
  let [numbers, present] = [0, 0];
  for (const row of table.rows) {
    if (isMissing(row[c]!)) continue;
    present++;
    if (parseNumber(row[c]!, table.decimal) !== null) numbers++;
  }
  if (present === 0) throw new ValueError(`${table.name}: column ${JSON.stringify(column)} has no values (every row is missing it); leave it out of the features`);
  return numbers * 2 >= present;
}

export function meanStd(v: ArrayLike<number>): [number, number] {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i]! / v.length;
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += (v[i]! - mean) ** 2;
  const std = Math.sqrt(sq / v.length);
  // a constant column stays at 0 instead of dividing by 0
  return [mean, Number.isFinite(std) && std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1];
}

const sortedUnique = (values: readonly string[]) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function categories(table: Table, column: string, max: number): string[] {
  const values = sortedUnique(textColumn(table, column));
  if (values.length > max) {
    throw new ValueError(`${table.name}: column ${JSON.stringify(column)} holds ${values.length} different texts in ${table.rows.length} rows, more than the ${max} categories allowed (an identifier or free text?); leave it out of the features, or raise maxCategories`);
  }
  return values;
}

/** The target's classes (text, or few whole numbers) or its mean and std (numbers). */
function fitTarget(table: Table, column: string, task: Task | 'auto', standardize: boolean, maxCategories: number): ClassTarget | NumberTarget {
  const numeric = looksNumeric(table, column);
  let kind = task;
  if (!numeric && task === 'regression') {
    const c = table.columns.indexOf(column);
    const r = table.rows.findIndex((row) => !isMissing(row[c]!) && parseNumber(row[c]!, table.decimal) === null);
    throw new ValueError(`${rowLabel(table, r)}, column ${JSON.stringify(column)}: regression needs numbers in the target, got ${showField(table.rows[r]![c]!)}; use task: 'classification' for names of classes`);
  }
  let values: Float64Array | null = null;
  if (numeric) values = numberColumn(table, column, 'the target holds numbers');
  if (kind === 'auto') {
    const distinct = values ? new Set(values).size : 0;
    kind = !values || (values.every(Number.isInteger) && distinct <= AUTO_MAX_CLASSES && distinct * 2 <= values.length) ? 'classification' : 'regression';
  }
  if (kind === 'classification') {
    const classes = values ? [...new Set(values)].sort((a, b) => a - b).map(String) : categories(table, column, maxCategories);
    if (classes.length < 2) throw new ValueError(`${table.name}: the target column ${JSON.stringify(column)} holds one class only (${showField(classes[0] ?? '')}) in ${table.rows.length} rows; a classifier needs at least two classes`);
    return { name: column, type: 'classes', classes };
  }
  const [mean, std] = standardize ? meanStd(values!) : [0, 1];
  return { name: column, type: 'number', mean: [mean], std: [std] };
}

/** Fits a table's input columns and target on training rows. */
export function fitTable(table: Table, options: TableFitOptions): { input: TableInputSpec; target: ClassTarget | NumberTarget | null } {
  if (table.rows.length === 0) throw new ValueError(`${table.name}: no rows: empty data, nothing to fit on`);
  const { task = 'auto', standardize = true, maxCategories = 1000 } = options;
  if (!['auto', 'classification', 'regression'].includes(task)) throw new ValueError(`${table.name}: task must be 'auto', 'classification' or 'regression', got ${JSON.stringify(task)}`);
  const target = options.target === null || options.target === undefined ? null : resolveColumn(table, options.target, 'target');
  const names = (options.features ?? table.columns.filter((c) => c !== target)).map((f) => resolveColumn(table, f, 'features'));
  if (target !== null && names.includes(target)) throw new ValueError(`${table.name}: the target column ${JSON.stringify(target)} is also listed among the features; a model cannot be given its answer`);
  if (names.length === 0) throw new ValueError(`${table.name}: no feature columns: the table has only the target column ${JSON.stringify(target)}`);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new ValueError(`${table.name}: column ${JSON.stringify(duplicate)} is listed twice among the features`);
  const forced = new Set((options.categorical ?? []).map((c) => resolveColumn(table, c, 'categorical columns')));
  const features = names.map((name): FeatureSpec => {
    if (forced.has(name) || !looksNumeric(table, name)) return { name, type: 'category', categories: categories(table, name, maxCategories) };
    const values = numberColumn(table, name, 'most of this column are numbers; name it in the categorical option if it holds categories');
    const [mean, std] = standardize ? meanStd(values) : [0, 1];
    return { name, type: 'number', mean, std };
  });
  return { input: { kind: 'table', features }, target: target === null ? null : fitTarget(table, target, task, standardize, maxCategories) };
}
