/**
 * Applying a fitted table preprocessing to rows: the fitted columns must all be
 * there (matched by name, in any order), numbers standardized, categories
 * one-hot over the training vocabulary, the target (when the rows have it) as
 * class indices or standardized numbers. A category or class never seen in
 * training is an error naming it, never a row of zeros.
 */
import { ValueError } from '../../errors/index.js';
import { checkDType, type DType } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { isMissing, parseNumber, rowLabel, showField, type Table } from '../table.js';
import type { ClassTarget, NumberTarget, TableInputSpec } from './spec.js';
import { numberColumn } from './table-fit.js';

/** Options of {@link Preprocessing.transform}. */
export interface TransformOptions {
  /** dtype of the result (default 'float32'). */
  readonly dtype?: DType;
  /** Columns that are neither features nor the target: an error (default), or 'ignore' them (an id column, say). */
  readonly extraColumns?: 'error' | 'ignore';
}

/** Inputs, and answers when the data has them. */
export interface Transformed {
  /** The model's input: (N, features) for tables and arrays, (N, C, H, W) for images. */
  readonly x: Tensor;
  /** Class indices, or (N, outputs) standardized numbers; null when the data has no target. */
  readonly y: Int32Array | Tensor | null;
}

const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(', ');

/** The input names one-hot columns get: "color=red". */
export function tableFeatureNames(input: TableInputSpec): string[] {
  return input.features.flatMap((f) => (f.type === 'number' ? [f.name] : f.categories.map((c) => `${f.name}=${c}`)));
}

function checkColumns(table: Table, input: TableInputSpec, target: ClassTarget | NumberTarget | null, extra: 'error' | 'ignore'): void {
  const fitted = input.features.map((f) => f.name);
  const missing = fitted.filter((n) => !table.columns.includes(n));
  const unknown = extra === 'ignore' ? [] : table.columns.filter((c) => !fitted.includes(c) && c !== target?.name);
  if (missing.length + unknown.length === 0) return;
  throw new ValueError(
    `${table.name}: the columns differ from those the preprocessing was fitted on:` +
      `${missing.length ? ` missing ${list(missing)};` : ''}${unknown.length ? ` not in training ${list(unknown)};` : ''}` +
      ` expected ${list(fitted)}${target ? ` (and optionally the target ${JSON.stringify(target.name)})` : ''}` +
      `${unknown.length ? '; drop the extra columns, or pass extraColumns: \'ignore\'' : ''}`,
  );
}

function classIndices(table: Table, target: ClassTarget): Int32Array {
  const index = new Map(target.classes.map((c, i) => [c, i]));
  const c = table.columns.indexOf(target.name);
  return Int32Array.from(table.rows, (row, r) => {
    const field = row[c]!;
    const number = parseNumber(field, table.decimal);
    const k = index.get(field) ?? (number === null ? undefined : index.get(String(number)));
    if (k !== undefined) return k;
    const where = `${rowLabel(table, r)}, column ${JSON.stringify(target.name)}`;
    if (isMissing(field)) throw new ValueError(`${where}: a missing value (${field.trim() === '' ? 'empty' : showField(field)}); every row needs its class`);
    throw new ValueError(`${where}: the class ${showField(field)} was never seen in training; the classes are ${list(target.classes.slice(0, 20))}${target.classes.length > 20 ? ', ...' : ''}`);
  });
}

/** Applies a fitted table preprocessing to rows. */
export function transformTable(table: Table, input: TableInputSpec, target: ClassTarget | NumberTarget | null, options: TransformOptions = {}): Transformed {
  const dtype = checkDType(options.dtype ?? 'float32', 'transform');
  checkColumns(table, input, target, options.extraColumns ?? 'error');
  const n = table.rows.length;
  if (n === 0) throw new ValueError(`${table.name}: no rows: empty data`);
  const width = input.features.reduce((s, f) => s + (f.type === 'number' ? 1 : f.categories.length), 0);
  const x = Tensor.zeros([n, width], { dtype });
  let at = 0;
  for (const f of input.features) {
    const c = table.columns.indexOf(f.name);
    if (f.type === 'number') {
      const v = numberColumn(table, f.name, 'the preprocessing was fitted with numbers in this column');
      for (let r = 0; r < n; r++) x.data[r * width + at] = (v[r]! - f.mean) / f.std;
      at++;
      continue;
    }
    const index = new Map(f.categories.map((k, i) => [k, i]));
    table.rows.forEach((row, r) => {
      const k = index.get(row[c]!);
      const where = `${rowLabel(table, r)}, column ${JSON.stringify(f.name)}`;
      if (isMissing(row[c]!) && k === undefined) throw new ValueError(`${where}: a missing value (${row[c]!.trim() === '' ? 'empty' : showField(row[c]!)}); fill it in, or drop incomplete rows`);
      if (k === undefined) throw new ValueError(`${where}: the category ${showField(row[c]!)} was never seen in training; known: ${list(f.categories.slice(0, 20))}${f.categories.length > 20 ? ', ...' : ''}`);
      x.data[r * width + at + k] = 1;
    });
    at += f.categories.length;
  }
  if (target === null || !table.columns.includes(target.name)) return { x, y: null };
  if (target.type === 'classes') return { x, y: classIndices(table, target) };
  const v = numberColumn(table, target.name, 'the target holds numbers');
  const y = Tensor.zeros([n, 1], { dtype });
  for (let r = 0; r < n; r++) y.data[r] = (v[r]! - target.mean[0]!) / target.std[0]!;
  return { x, y };
}
