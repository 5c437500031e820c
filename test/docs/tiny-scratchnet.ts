/**
 * The library as the book's examples see it in their test: everything as it is, except that
 * loadMnist reads the first TINY_TRAIN training and TINY_TEST test images of MNIST, written by
 * writeTinyMnist into $SCRATCHNET_TINY_MNIST, so that a training example runs in a moment.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MNIST_FILES, loadMnist as loadFullMnist, type Mnist, type MnistOptions, type MnistSplit } from '../../src/index.js';

export * from '../../src/index.js';

export const TINY_TRAIN = 200;
export const TINY_TEST = 100;

/** The most images loadMnist gives now: the whole tiny copy, or fewer for an example whose network is slow. */
const limits = { train: TINY_TRAIN, test: TINY_TEST };

export function setTinyLimits(train = TINY_TRAIN, test = TINY_TEST): void {
  limits.train = Math.min(train, TINY_TRAIN);
  limits.test = Math.min(test, TINY_TEST);
}

/** loadMnist on the tiny copy: a larger limit (or none) becomes the tiny one. */
export function loadMnist(options: MnistOptions = {}): Mnist {
  const dir = process.env.SCRATCHNET_TINY_MNIST;
  if (dir === undefined) throw new Error('tiny-scratchnet: SCRATCHNET_TINY_MNIST is not set (writeTinyMnist makes the folder)');
  return loadFullMnist({ ...options, dir, trainLimit: Math.min(options.trainLimit ?? limits.train, limits.train), testLimit: Math.min(options.testLimit ?? limits.test, limits.test) });
}

function idx(split: MnistSplit): { images: Uint8Array; labels: Uint8Array } {
  const [n, , h, w] = split.images.shape as [number, number, number, number];
  const header = (magic: number, dims: number[]) => {
    const b = new DataView(new ArrayBuffer(4 + 4 * dims.length));
    b.setUint32(0, magic);
    dims.forEach((d, i) => b.setUint32(4 + 4 * i, d));
    return new Uint8Array(b.buffer);
  };
  const join2 = (a: Uint8Array, b: Uint8Array) => {
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return {
    images: join2(header(0x803, [n, h, w]), Uint8Array.from(split.images.data)),
    labels: join2(header(0x801, [n]), Uint8Array.from(split.labels as Int32Array)),
  };
}

/** Writes the first images of MNIST as IDX files into `dir`, under the official names. */
export function writeTinyMnist(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const { train, test } = loadFullMnist({ normalize: false, flatten: false, trainLimit: TINY_TRAIN, testLimit: TINY_TEST });
  const files = [[train, MNIST_FILES.trainImages, MNIST_FILES.trainLabels], [test, MNIST_FILES.testImages, MNIST_FILES.testLabels]] as const;
  for (const [split, images, labels] of files) {
    const b = idx(split);
    writeFileSync(join(dir, images), b.images);
    writeFileSync(join(dir, labels), b.labels);
  }
}
