/**
 * CSV to training data in one call: parse, pick the target and features, decide
 * the task, fit the encoding (numbers as they are or standardized, categories
 * one-hot, the target as class indices or numbers) and apply it.
 */
import { checkDType, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../errors/index.js';
import { parseCsv, type CsvOptions } from './csv.js';
import { Preprocessing } from './preprocessing/preprocessing.js';
import { resolveColumn, type Task, type TableFitOptions } from './preprocessing/table-fit.js';
import { dropMissingRows, type Table } from './table.js';

/** Options of {@link csvData} and loadCsv: how to read the text, which columns, and what to do with missing values. */
export interface TableDataOptions extends CsvOptions, Omit<TableFitOptions, 'standardize'> {
  /** Standardize numbers with the whole file's mean and std (default false: numbers as they are; fit a {@link Preprocessing} on a training split instead). */
  readonly standardize?: boolean;
  /** A missing value in a used column: an error naming its row and column ('error', the default), or 'drop' the row. */
  readonly missing?: 'error' | 'drop';
  /** dtype of the Tensors (default 'float32'). */
  readonly dtype?: DType;
}

/** A table as training data. */
export interface TableData {
  /** (N, features): numbers, then one-hot categories, in the feature order. */
  readonly x: Tensor;
  /** Class indices (classification) or (N, 1) numbers (regression). */
  readonly y: Int32Array | Tensor;
  readonly task: Task;
  /** Class names in the order of the indices; null for regression. */
  readonly classes: readonly string[] | null;
  /** The name of each column of x ("color=red" for a one-hot column). */
  readonly featureNames: readonly string[];
  /** The rows as read (after dropping incomplete ones), to fit a preprocessing on a training split. */
  readonly table: Table;
  /** The encoding used, fitted on every row: apply it to new rows with transform. */
  readonly preprocessing: Preprocessing;
  /** Rows dropped for a missing value (with missing: 'drop'). */
  readonly dropped: number;
}

/** A parsed table as training data (see {@link csvData}). */
export function tableData(table: Table, options: TableDataOptions): TableData {
  if (options.target === undefined || options.target === null) throw new ValueError(`${table.name}: name the column to predict with the target option; the columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`);
  const missing = options.missing ?? 'error';
  if (missing !== 'error' && missing !== 'drop') throw new ValueError(`${table.name}: missing must be 'error' or 'drop', got ${JSON.stringify(missing)}`);
  const dtype = checkDType(options.dtype ?? 'float32', table.name);
  let rows = table;
  if (missing === 'drop') {
    const target = resolveColumn(table, options.target, 'target');
    const used = options.features ? options.features.map((f) => resolveColumn(table, f, 'features')) : table.columns;
    rows = dropMissingRows(table, [...used, target]);
    if (rows.rows.length === 0) throw new ValueError(`${table.name}: every one of the ${table.rows.length} rows misses a value, so none is left: empty data`);
  }
  const preprocessing = Preprocessing.fit(rows, { ...options, standardize: options.standardize ?? false });
  const { x, y } = preprocessing.transform(rows, { dtype });
  return { x, y: y!, task: preprocessing.task!, classes: preprocessing.classes, featureNames: preprocessing.featureNames, table: rows, preprocessing, dropped: table.rows.length - rows.rows.length };
}

/**
 * CSV text or bytes as training data, in any JavaScript runtime (loadCsv reads a
 * file in Node): numbers as numbers, text columns one-hot, the target as class
 * names (text, or few whole numbers) or numbers.
 *
 * @example
 * ```ts
 * import { csvData } from 'scratchnet';
 * const csv = 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n4.9,1.4,setosa\n';
 * const d = csvData(csv, { target: 'species' });
 * console.log(d.task, d.classes, d.y);   // 'classification' ['setosa', 'versicolor', 'virginica'] Int32Array [0, 1, 2, 0]
 * console.log(d.x.shape);                // [4, 2]
 * ```
 */
export function csvData(input: string | Uint8Array, options: TableDataOptions): TableData {
  return tableData(parseCsv(input, options), options);
}
