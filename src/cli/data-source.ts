/**
 * `--data` for the commands: MNIST-style IDX folders as before, and a user's own
 * data: a CSV table, a numpy .npz archive, or a folder of class folders of images.
 * Own data is split into training and validation rows first, and the
 * preprocessing is fitted on the training rows only.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { takeLabels, takeRows } from '../data/batches.js';
import { Preprocessing, type PreprocessingInput } from '../data/preprocessing/preprocessing.js';
import { AUTO_MAX_CLASSES } from '../data/preprocessing/table-fit.js';
import { parseCsv } from '../data/csv.js';
import { takeTableRows, type Table } from '../data/table.js';
import { ValueError } from '../errors/index.js';
import type { Evaluation } from '../metrics/evaluate.js';
import type { Task } from '../models/loss.js';
import type { Predictor } from '../models/predictor.js';
import { loadCsv } from '../node/csv-file.js';
import { loadImageFolder } from '../node/image-folder.js';
import { loadNpz } from '../node/npz-file.js';
import { readFileBytes } from '../node/read-file.js';
import { Tensor } from '../tensor/tensor.js';
import type { Split } from '../train/trainer.js';
import { splitValidation } from '../train/validation-split.js';
import { CliError } from './args.js';

/** What a `--data` path holds. */
export type DataKind = 'mnist' | 'table' | 'arrays' | 'images';

/** How a run reads its own data; kept in its checkpoints, so that a resumed run reads it the same way. */
export interface DataSettings {
  readonly kind: 'table' | 'arrays' | 'images';
  /** The target column (tables) or the answers' array (npz). */
  readonly target?: string;
  /** The input columns (tables) or the samples' array (npz, one name). */
  readonly features?: readonly string[];
  /** Table columns of numbers to treat as categories (a ZIP code, say). */
  readonly categorical?: readonly string[];
  /** A table's rows with a missing value: an error (default), or dropped. */
  readonly missing?: 'error' | 'drop';
  readonly task: Task | 'auto';
  readonly imageSize?: readonly [number, number];
  readonly channels?: 1 | 3;
  /** Only the first N samples. */
  readonly trainLimit?: number;
  /** The fraction held back for validation (0: none), drawn from the run's seed. */
  readonly validation: number;
  readonly seed: number;
}

/** Own data ready for training: the preprocessed splits, and what to tell the user about them. */
export interface OwnData {
  readonly train: Split;
  readonly validation: Split | null;
  readonly preprocessing: Preprocessing;
  readonly task: Task;
  /** Why the task is what it is, e.g. 'the target "price" holds 187 different numbers'. */
  readonly taskReason: string;
  /** How many outputs the model needs. */
  readonly outputs: number;
  readonly inputShape: readonly number[];
  /** One line about the data for the run's header. */
  readonly about: string;
  /** The loss and metrics of a split as the user's data has them (a regression's errors in the target's units). */
  evaluate(predictor: Predictor, split: 'train' | 'validation'): Evaluation;
}

const IDX_NAME = /idx[13]-ubyte(\.gz)?$/;
const TABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.tab'];

/** What a `--data` path holds: no path is the bundled MNIST; a file is a table or an npz archive; a folder holds IDX files or class folders. */
export function dataKind(path: string | undefined, flag = '--data'): DataKind {
  if (path === undefined) return 'mnist';
  if (!existsSync(path)) throw new CliError(`${flag} ${path}: no such file or folder`);
  if (statSync(path).isDirectory()) {
    const entries = readdirSync(path, { withFileTypes: true });
    if (entries.some((e) => IDX_NAME.test(e.name))) return 'mnist';
    if (entries.some((e) => e.isDirectory() && !e.name.startsWith('.'))) return 'images';
    throw new CliError(`${flag} ${path}: the folder holds neither MNIST's four IDX files nor class folders of images (${path}/CLASS/IMAGE.png)`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.npz') return 'arrays';
  if (TABLE_EXTENSIONS.includes(ext)) return 'table';
  if (ext === '.npy') throw new CliError(`${flag} ${path}: a .npy file holds one array; save the samples and the answers together: np.savez('data.npz', x=X, y=y)`);
  throw new CliError(`${flag} ${path}: expected a table (.csv, .tsv, .txt), a numpy archive (.npz), or a folder (class folders of images, or MNIST's IDX files)`);
}

/** Indices of the training and validation samples: stratified by class for a classifier, drawn from the seed. */
function splitIndices(n: number, labels: Int32Array | null, fraction: number, seed: number): { train: Int32Array; validation: Int32Array | null } {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (fraction === 0) return { train: all, validation: null };
  const indices = new Tensor(Float64Array.from(all), [n, 1]);
  const parts = splitValidation({ images: indices, labels: labels ?? Tensor.zeros([n, 1]) }, fraction, seed, labels === null ? 'mean-squared-error' : 'softmax-cross-entropy');
  return { train: Int32Array.from(parts.train.images.data), validation: Int32Array.from(parts.validation.images.data) };
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`;
const splitAbout = (train: number, validation: number, task: Task, unit: string) =>
  validation === 0 ? `${count(train, unit)} to train (no validation split)` : `${train} ${unit}s to train and ${validation} to validate${task === 'classification' ? ' (stratified by class)' : ''}`;

/** Numbers, then text columns: the categories and classes of every row, the means and stds of the training rows. */
function fitOnTraining(full: Preprocessing, trainRows: Table, target: string, task: Task, features: readonly string[] | undefined, categorical: readonly string[] | undefined): Preprocessing {
  const fitted = Preprocessing.fit(trainRows, { target, task, ...(features ? { features } : {}), ...(categorical ? { categorical } : {}) }).toJSON();
  const all = full.toJSON();
  if (fitted.input.kind !== 'table' || all.input.kind !== 'table') return Preprocessing.fromJSON(fitted);
  // a category or class seen only among the validation rows is still one the model must know
  const vocab = new Map(all.input.features.map((f) => [f.name, f]));
  const features2 = fitted.input.features.map((f) => (f.type === 'category' ? vocab.get(f.name)! : f));
  const target2 = fitted.target?.type === 'classes' ? all.target : fitted.target;
  return Preprocessing.fromJSON({ ...fitted, input: { ...fitted.input, features: features2 }, target: target2 });
}

function distinctReason(values: ArrayLike<number>, name: string, task: Task, forced: boolean): string {
  const distinct = new Set(Array.from(values)).size;
  const kind = Array.from(values).every(Number.isInteger) ? 'whole numbers' : 'numbers';
  if (forced) return `as --task says; the target ${name} holds ${distinct} different ${kind}`;
  return task === 'classification'
    ? `the target ${name} holds ${distinct} different whole numbers, few enough to be classes; --task regression treats them as numbers`
    : `the target ${name} holds ${distinct} different ${kind}; --task classification would make them classes`;
}

function tableData(path: string, s: DataSettings): OwnData {
  if (s.target === undefined) {
    const { columns } = parseCsv(readFileBytes(path), { name: path });
    throw new CliError(`--data ${path} is a table: name the column to predict with --target COLUMN (the columns are ${columns.map((c) => JSON.stringify(c)).join(', ')})`);
  }
  const loaded = withFlagHints(() => loadCsv(path, { target: s.target!, task: s.task, ...(s.features ? { features: s.features } : {}), ...(s.categorical ? { categorical: s.categorical } : {}), ...(s.missing ? { missing: s.missing } : {}) }));
  const n = Math.min(s.trainLimit ?? Infinity, loaded.table.rows.length);
  const first = Int32Array.from({ length: n }, (_, i) => i);
  const rows = n < loaded.table.rows.length ? takeTableRows(loaded.table, first) : loaded.table;
  const task = loaded.task;
  const name = JSON.stringify(s.target);
  const text = loaded.classes !== null && !loaded.classes.every((c) => Number.isFinite(Number(c)));
  const answers = takeLabels(loaded.y, first);
  const taskReason = text
    ? `the target ${name} holds text: ${count(loaded.classes!.length, 'class')}`
    : distinctReason(answers instanceof Tensor ? answers.data : answers.map((c) => Number(loaded.classes![c])), name, task, s.task !== 'auto');
  const labels = task === 'classification' ? (answers as Int32Array) : null;
  const { train, validation } = splitIndices(rows.rows.length, labels, s.validation, s.seed);
  const trainRows = takeTableRows(rows, train);
  const validationRows = validation === null ? null : takeTableRows(rows, validation);
  const prep = fitOnTraining(loaded.preprocessing, trainRows, s.target, task, s.features, s.categorical);
  const part = (t: Table): Split => {
    const { x, y } = prep.transform(t);
    return { images: x, labels: y! };
  };
  const shown = prep.featureNames.length <= 8 ? ` (${prep.featureNames.join(', ')})` : '';
  return {
    train: part(trainRows),
    validation: validationRows === null ? null : part(validationRows),
    preprocessing: prep,
    task,
    taskReason,
    outputs: prep.outputs!,
    inputShape: prep.inputShape,
    about: `${path}: ${rows.rows.length} rows${loaded.dropped ? ` (${loaded.dropped} dropped)` : ''}, ${splitAbout(train.length, validation?.length ?? 0, task, 'row')}; ${count(prep.featureNames.length, 'input')}${shown}`,
    evaluate: (predictor, which) => {
      const t = which === 'train' ? trainRows : validationRows;
      if (t === null) throw new ValueError('no validation rows');
      return predictor.evaluate(t);
    },
  };
}

function arrayData(path: string, s: DataSettings): OwnData {
  if ((s.features?.length ?? 1) !== 1) throw new CliError(`--features for an .npz file names the one array of samples (default x), got ${s.features!.join(',')}`);
  const xName = s.features?.[0] ?? 'x';
  const yName = s.target ?? 'y';
  let { x, y } = loadNpz(path, { x: xName, y: yName });
  if (s.trainLimit !== undefined && s.trainLimit < x.shape[0]!) {
    const idx = Int32Array.from({ length: s.trainLimit }, (_, i) => i);
    x = takeRows(x, idx);
    y = takeLabels(y!, idx);
  }
  if (x.ndim !== 2 && x.ndim !== 4) {
    throw new CliError(`${path}: array '${xName}' has shape (${x.shape.join(', ')}); save samples as (N, features) for an MLP or (N, C, H, W) for a conv net (X.reshape(len(X), -1), or X[:, None] for gray images)`);
  }
  const values = y instanceof Int32Array ? y : y!.data;
  const whole = Array.from(values).every((v) => Number.isInteger(v) && v >= 0);
  const distinct = new Set(Array.from(values)).size;
  const single = y instanceof Int32Array || y!.shape[1] === 1;
  let task: Task;
  if (s.task === 'auto') task = y instanceof Int32Array && distinct <= AUTO_MAX_CLASSES ? 'classification' : 'regression';
  else task = s.task;
  if (task === 'classification' && (!whole || !single)) {
    throw new CliError(`${path}: --task classification needs class indices 0, 1, 2, ... in '${yName}' (one per sample), got ${single ? 'numbers that are not whole' : `${(y as Tensor).shape[1]} columns`}; save them with np.unique(y, return_inverse=True)[1]`);
  }
  const n = x.shape[0]!;
  const labels = task === 'classification' ? Int32Array.from(values) : null;
  const numbers = task === 'regression' ? (y instanceof Tensor ? y : new Tensor(Float32Array.from(values), [n, 1])) : null;
  const k = labels === null ? 0 : labels.reduce((m, v) => Math.max(m, v + 1), 0);
  if (labels !== null && distinct < 2) throw new ValueError(`${path}: array '${yName}' holds one class only (${labels[0]}) in ${n} samples; a classifier needs at least two classes`);
  const name = `'${yName}'`;
  const taskReason = y instanceof Int32Array || s.task !== 'auto' ? distinctReason(values, name, task, s.task !== 'auto') : `the target ${name} holds floats; --task classification would take whole numbers for classes`;
  const { train, validation } = splitIndices(n, labels, s.validation, s.seed);
  const answers = (idx: Int32Array) => (labels !== null ? takeLabels(labels, idx) as Int32Array : takeRows(numbers!, idx));
  const rawTrain = { x: takeRows(x, train), y: answers(train) };
  const rawValidation = validation === null ? null : { x: takeRows(x, validation), y: answers(validation) };
  const classes = labels === null ? undefined : Array.from({ length: k }, (_, i) => String(i));
  const prep = Preprocessing.fitArrays(rawTrain.x, rawTrain.y, { targetName: yName, ...(classes ? { classes } : {}), standardize: x.ndim === 2 });
  const part = (raw: { x: Tensor; y: Int32Array | Tensor }): Split => ({ images: prep.transform(raw.x).x, labels: prep.transformTarget(raw.y) });
  return {
    train: part(rawTrain),
    validation: rawValidation === null ? null : part(rawValidation),
    preprocessing: prep,
    task,
    taskReason,
    outputs: prep.outputs!,
    inputShape: prep.inputShape,
    about: `${path}: '${xName}' (${x.shape.join(' × ')}), '${yName}'; ${splitAbout(train.length, validation?.length ?? 0, task, 'sample')}`,
    evaluate: (predictor, which) => {
      const raw = which === 'train' ? rawTrain : rawValidation;
      if (raw === null) throw new ValueError('no validation samples');
      return predictor.evaluate(raw.x as PreprocessingInput, raw.y);
    },
  };
}

function imageData(dir: string, s: DataSettings): OwnData {
  if (s.task === 'regression') throw new CliError(`--data ${dir} is a folder of class folders: its task is classification (the folder names), not regression`);
  const size = s.imageSize ?? [28, 28];
  const d = loadImageFolder(dir, { size: [size[0], size[1]], channels: s.channels ?? 1 });
  const limit = Math.min(s.trainLimit ?? Infinity, d.y.length);
  const x = limit < d.y.length ? takeRows(d.x, Int32Array.from({ length: limit }, (_, i) => i)) : d.x;
  const y = d.y.subarray(0, limit);
  const { train, validation } = splitIndices(limit, y, s.validation, s.seed);
  const part = (idx: Int32Array): Split => ({ images: takeRows(x, idx), labels: takeLabels(y, idx) as Int32Array });
  const [trainPart, validationPart] = [part(train), validation === null ? null : part(validation)];
  const [c, h, w] = d.preprocessing.inputShape;
  return {
    train: trainPart,
    validation: validationPart,
    preprocessing: d.preprocessing,
    task: 'classification',
    taskReason: `the folder names are the classes: ${d.classes.slice(0, 10).join(', ')}${d.classes.length > 10 ? `, ... (${d.classes.length})` : ''}`,
    outputs: d.classes.length,
    inputShape: d.preprocessing.inputShape,
    about: `${dir}: ${limit} images in ${d.classes.length} class folders, resized to ${h}×${w} ${c === 1 ? 'gray' : 'RGB'}; ${splitAbout(train.length, validation?.length ?? 0, 'classification', 'image')}`,
    evaluate: (predictor, which) => {
      const p = which === 'train' ? trainPart : validationPart;
      if (p === null) throw new ValueError('no validation images');
      return predictor.evaluate(p.images, p.labels as Int32Array);
    },
  };
}

/** Runs `f`; the hints of a table's errors name the library's options, here they name the flags. */
function withFlagHints<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueError) e.message = e.message.replace("(missing: 'drop')", '(--missing drop)').replace('name it in the categorical option', 'name it with --categorical');
    throw e;
  }
}

/** Reads and splits a user's own data (see {@link dataKind}) for training. */
export function loadOwnData(path: string, settings: DataSettings): OwnData {
  if (settings.kind === 'table') return tableData(path, settings);
  if (settings.kind === 'arrays') return arrayData(path, settings);
  return imageData(path, settings);
}
