/**
 * Preprocessing that travels with a model: fitted on the training split, kept as
 * plain JSON (in a model file's metadata, say), and applied the same way to any
 * data the model later sees, so a user passes raw rows, arrays or images and gets
 * answers in their own units and class names.
 */
import { ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { checkDType, type DType } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { tableFromRecords, type Table } from '../table.js';
import { PREPROCESSING_FORMAT, checkPreprocessingJson, type InputSpec, type PreprocessingJson, type TargetSpec } from './spec.js';
import { fitTable, meanStd, type Task, type TableFitOptions } from './table-fit.js';
import { tableFeatureNames, transformTable, type TransformOptions, type Transformed } from './table-transform.js';

/** Options of {@link Preprocessing.fitArrays}. */
export interface ArrayFitOptions {
  /** Standardize each input element and a numeric target with the training samples' mean and std (default true). */
  readonly standardize?: boolean;
  /** Names of the classes when `y` holds class indices (default "0", "1", ...). */
  readonly classes?: readonly string[];
  /** How the target is named (default "y"). */
  readonly targetName?: string;
}

/** What {@link Preprocessing.transform} accepts: a table, records, or (for array and image models) a Tensor of samples. */
export type PreprocessingInput = Table | readonly Readonly<Record<string, string | number | null>>[] | Tensor;

const samples = (shape: readonly number[]) => `[N, ${shape.join(', ')}]`;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && 'columns' in v && 'rows' in v;

/**
 * A fitted preprocessing: for tables, each column's mean and std or categories,
 * the feature order and the target's classes or mean and std; for arrays, a mean
 * and std per element; for images, their size and channels and the class names.
 *
 * @example
 * ```ts
 * import { Preprocessing, parseCsv } from 'scratchnet';
 * const table = parseCsv('area,color,price\n100,red,200\n50,blue,110\n80,red,170\n', { name: 'houses.csv' });
 * const prep = Preprocessing.fit(table, { target: 'price' });
 * const { x, y } = prep.transform(table);                  // x: (3, 3) standardized area, color one-hot; y: (3, 1)
 * console.log(prep.featureNames, prep.task);                // ['area', 'color=blue', 'color=red'] 'regression'
 * const saved = JSON.stringify(prep);                       // plain JSON, e.g. for a model file's metadata
 * const again = Preprocessing.fromJSON(JSON.parse(saved));
 * console.log(again.inverseTarget(y!).data);                // Float32Array [200, 110, 170]: back in the table's units
 * const one = again.transform([{ area: 90, color: 'blue' }]).x; // new rows, raw, as a program has them
 * ```
 */
export class Preprocessing {
  private readonly spec: PreprocessingJson;

  private constructor(spec: PreprocessingJson) {
    this.spec = spec;
  }

  /**
   * Fits on a table's training rows: number columns' mean and std, text columns'
   * categories, the target's classes or mean and std. Missing values are errors.
   */
  static fit(table: Table, options: TableFitOptions): Preprocessing {
    if (!isTable(table)) throw new ValueError('Preprocessing.fit: expected a table (from parseCsv, loadCsv or tableFromRecords)');
    const { input, target } = fitTable(table, options);
    return new Preprocessing({ format: PREPROCESSING_FORMAT, version: 1, input, target });
  }

  /**
   * Fits on arrays: a mean and std per element of a sample (N, ...), and the
   * target's classes (class indices) or a mean and std per output column (numbers).
   */
  static fitArrays(x: Tensor, y: Int32Array | Tensor | null = null, options: ArrayFitOptions = {}): Preprocessing {
    if (!(x instanceof Tensor) || x.shape.length < 2) throw new ShapeError(`Preprocessing.fitArrays: expected samples as a Tensor (N, ...), got ${x instanceof Tensor ? fmtShape(x.shape) : typeof x}`);
    const [n, ...shape] = x.shape as [number, ...number[]];
    if (n === 0) throw new ValueError('Preprocessing.fitArrays: no samples: empty data');
    const size = x.size / n;
    const standardize = options.standardize ?? true;
    const column = (data: ArrayLike<number>, j: number, k: number) => Float64Array.from({ length: n }, (_, i) => data[i * k + j]!);
    const stats = (data: ArrayLike<number>, k: number) => Array.from({ length: k }, (_, j) => (standardize ? meanStd(column(data, j, k)) : [0, 1]));
    const xs = stats(x.data, size);
    const input: InputSpec = { kind: 'array', shape, mean: xs.map((s) => s[0]!), std: xs.map((s) => s[1]!) };
    const name = options.targetName ?? 'y';
    let target: TargetSpec | null = null;
    if (y instanceof Int32Array) {
      if (y.length !== n) throw new ShapeError(`Preprocessing.fitArrays: ${n} samples but ${y.length} labels`);
      const k = y.reduce((m, v) => Math.max(m, v + 1), 0);
      const classes = options.classes ?? Array.from({ length: k }, (_, i) => String(i));
      if (classes.length < k || classes.length < 2) throw new ValueError(`Preprocessing.fitArrays: ${classes.length} class name${classes.length === 1 ? '' : 's'} for labels up to ${k - 1}; a classifier needs at least two classes, and a name for each`);
      target = { name, type: 'classes', classes: [...classes] };
    } else if (y instanceof Tensor) {
      if (y.shape[0] !== n) throw new ShapeError(`Preprocessing.fitArrays: ${n} samples but targets of shape ${fmtShape(y.shape)}`);
      const ys = stats(y.data, y.size / n);
      target = { name, type: 'number', mean: ys.map((s) => s[0]!), std: ys.map((s) => s[1]!) };
    }
    return new Preprocessing(checkPreprocessingJson({ format: PREPROCESSING_FORMAT, version: 1, input, target }, 'Preprocessing.fitArrays'));
  }

  /** The preprocessing of an image model: the size and channels images are brought to, and the class names. */
  static forImages(options: { readonly height: number; readonly width: number; readonly channels: 1 | 3; readonly classes: readonly string[] }): Preprocessing {
    const { height, width, channels, classes } = options;
    const spec = { format: PREPROCESSING_FORMAT, version: 1, input: { kind: 'image', height, width, channels }, target: { name: 'class', type: 'classes', classes: [...classes] } };
    return new Preprocessing(checkPreprocessingJson(spec, 'Preprocessing.forImages'));
  }

  /** Reads a description from JSON (a model file's metadata, a file), checking every field; a FileFormatError names the first bad one. */
  static fromJSON(json: unknown, name = 'preprocessing'): Preprocessing {
    return new Preprocessing(checkPreprocessingJson(json, name));
  }

  /** The description as plain JSON (a fresh copy). */
  toJSON(): PreprocessingJson {
    return JSON.parse(JSON.stringify(this.spec)) as PreprocessingJson;
  }

  /** 'table', 'array' or 'image'. */
  get kind(): InputSpec['kind'] {
    return this.spec.input.kind;
  }

  /** 'classification', 'regression', or null without a target. */
  get task(): Task | null {
    return this.spec.target === null ? null : this.spec.target.type === 'classes' ? 'classification' : 'regression';
  }

  /** Class names in the order of the model's outputs, or null. */
  get classes(): readonly string[] | null {
    return this.spec.target?.type === 'classes' ? this.spec.target.classes : null;
  }

  /** The model's inputs by name: a table's columns, one-hot ones as "color=red"; an array's elements as "x[0]", "x[1]", ...; none for images. */
  get featureNames(): readonly string[] {
    const input = this.spec.input;
    if (input.kind === 'table') return tableFeatureNames(input);
    if (input.kind === 'array') return input.mean.map((_, i) => `x[${i}]`);
    return [];
  }

  /** How many outputs the model needs: the number of classes, or of numbers predicted; null without a target. */
  get outputs(): number | null {
    const t = this.spec.target;
    return t === null ? null : t.type === 'classes' ? t.classes.length : t.mean.length;
  }

  /** The shape of one sample of the model's input: [features] for tables and arrays (arrays keep their shape), [C, H, W] for images. */
  get inputShape(): readonly number[] {
    const input = this.spec.input;
    if (input.kind === 'table') return [tableFeatureNames(input).length];
    if (input.kind === 'array') return input.shape;
    return [input.channels, input.height, input.width];
  }

  /**
   * Applies the preprocessing: a table or records (for table models) become
   * standardized, one-hot inputs (and the answers, when the target column is
   * there); a Tensor of samples (for array and image models) is checked against
   * the fitted shape and standardized. Other columns, unseen categories and
   * wrong shapes are errors naming what differs.
   */
  transform(data: PreprocessingInput, options: TransformOptions = {}): Transformed {
    const input = this.spec.input;
    const dtype: DType = checkDType(options.dtype ?? 'float32', 'transform');
    if (input.kind === 'table') {
      if (data instanceof Tensor) throw new ValueError(`transform: this preprocessing is for a table with columns ${input.features.map((f) => JSON.stringify(f.name)).join(', ')}; pass rows (a table or records), not a Tensor`);
      const table = isTable(data) ? data : tableFromRecords(data);
      return transformTable(table, input, this.spec.target?.type === 'classes' || this.spec.target?.type === 'number' ? this.spec.target : null, options);
    }
    if (!(data instanceof Tensor)) throw new ValueError(`transform: this preprocessing is for ${input.kind === 'image' ? 'images' : 'arrays'}; pass the samples as a Tensor of shape ${samples(this.inputShape)}`);
    const want = this.inputShape;
    if (data.shape.length !== want.length + 1 || want.some((d, i) => data.shape[i + 1] !== d) || data.shape[0] === 0) {
      throw new ShapeError(`transform: expected samples of shape ${samples(want)} like the training data, got ${fmtShape(data.shape)}${input.kind === 'image' ? '; read images with the same size and channels' : ''}`);
    }
    if (input.kind === 'image') return { x: data.dtype === dtype ? data : new Tensor(dtype === 'float64' ? Float64Array.from(data.data) : Float32Array.from(data.data), data.shape), y: null };
    const x = Tensor.zeros(data.shape, { dtype });
    const size = input.mean.length;
    for (let i = 0; i < data.size; i++) x.data[i] = (data.data[i]! - input.mean[i % size]!) / input.std[i % size]!;
    return { x, y: null };
  }

  /** Answers for training or evaluation in the model's terms: class indices checked against the classes, numbers standardized. */
  transformTarget(y: Int32Array | Tensor, options: { readonly dtype?: DType } = {}): Int32Array | Tensor {
    const target = this.spec.target;
    if (target === null) throw new ValueError('transformTarget: this preprocessing has no target');
    if (target.type === 'classes') {
      if (!(y instanceof Int32Array)) throw new ValueError(`transformTarget: expected class indices (an Int32Array) for the classes ${target.classes.join(', ')}`);
      const bad = y.findIndex((v) => v < 0 || v >= target.classes.length);
      if (bad >= 0) throw new ValueError(`transformTarget: label ${bad} is ${y[bad]}, a class never seen in training (classes 0 to ${target.classes.length - 1})`);
      return y;
    }
    return this.scaleTarget(y, options.dtype, (v, j) => (v - target.mean[j]!) / target.std[j]!);
  }

  /** A regression model's outputs back in the target's units: y · std + mean, per output column. */
  inverseTarget(y: Tensor): Tensor {
    const target = this.spec.target;
    if (target?.type !== 'number') throw new ValueError(`inverseTarget: only a regression target has units to return to; this preprocessing's target is ${target === null ? 'absent' : 'classes'}`);
    return this.scaleTarget(y, y.dtype, (v, j) => v * target.std[j]! + target.mean[j]!);
  }

  private scaleTarget(y: Int32Array | Tensor, dtype: DType | undefined, f: (v: number, column: number) => number): Tensor {
    const k = (this.spec.target as { mean: readonly number[] }).mean.length;
    const t = y instanceof Tensor ? y : new Tensor(Float64Array.from(y), [y.length, 1]);
    const n = t.shape[0] ?? 0;
    if (t.size !== n * k || (t.shape.length !== 2 && !(k === 1 && t.shape.length === 1))) throw new ShapeError(`target: expected shape ${samples([k])}, got ${fmtShape(t.shape)}`);
    const out = Tensor.zeros(t.shape, { dtype: checkDType(dtype ?? 'float32', 'target') });
    for (let i = 0; i < t.size; i++) out.data[i] = f(t.data[i]!, i % k);
    return out;
  }
}
