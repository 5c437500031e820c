import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import { NoDigitError, PHOTO_KINDS, Rng, SGD, Tensor, TwoLayerNet, ValueError, decodeImageGray, digitPhoto, jpegLoss, loadMnist, toMnistInput, train } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const DIGITS = 50; // per kind of photo

describe('digit photos', () => {
  const { train: trainSet, test } = loadMnist({ trainLimit: 10000, testLimit: DIGITS });
  const digit = (i: number) => test.images.data.subarray(i * 784, (i + 1) * 784);

  it('are deterministic per seed, of every kind, and check their arguments', () => {
    for (const kind of PHOTO_KINDS) {
      const a = digitPhoto(digit(0), kind, new Rng(5));
      const b = digitPhoto(digit(0), kind, new Rng(5));
      assert.deepEqual(a, b, kind);
      assert.equal(a.gray.length, a.width * a.height);
      assert.ok(a.gray.every((v) => v >= 0 && v <= 255), kind);
    }
    assertThrows(() => digitPhoto(new Float32Array(10), 'clean', new Rng(0)), ValueError, /expected a 28×28 digit \(784 values\), got 10/);
    assertThrows(() => digitPhoto(digit(0), 'sepia' as 'clean', new Rng(0)), ValueError, /unknown kind 'sepia'/);
  });

  it('lose to JPEG what a real JPEG encoder loses (jpeg-js at the same quality, decoded again)', () => {
    const photo = digitPhoto(digit(1), 'noise', new Rng(2));
    const { width: w, height: h, gray } = photo;
    for (const quality of [25, 50, 90]) {
      const rgba = new Uint8Array(4 * w * h);
      gray.forEach((v, i) => rgba.set([Math.round(v), Math.round(v), Math.round(v), 255], 4 * i));
      const real = decodeImageGray(new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba }, quality).data)).gray;
      const ours = jpegLoss(gray, w, h, quality);
      let diff = 0;
      let loss = 0;
      for (let i = 0; i < gray.length; i++) {
        diff += Math.abs(ours[i]! - real[i]!);
        loss += Math.abs(real[i]! - Math.round(gray[i]!));
      }
      assert.ok(diff / gray.length < 0.5, `quality ${quality}: ${diff / gray.length} levels from the real encoder's picture on average`);
      assert.ok(loss / gray.length > 2 * (diff / gray.length), `quality ${quality}: the loss itself (${loss / gray.length}) is larger than the difference`);
    }
  });

  it('are read by predict nearly as well as the same digits straight from MNIST', (t) => {
    // a small network trained briefly on plain MNIST: the photos must reach it looking like MNIST
    const net = new TwoLayerNet(784, 50, 10, { seed: 0 });
    train(net, { train: trainSet }, { optimizer: new SGD(0.1), iters: 2000, batchSize: 100, seed: 0 });
    const labels = test.labels as Int32Array;
    const predict = (x: Float32Array) => net.predict(Tensor.from(x, { shape: [1, 784] }), { train: false }).argmax(1)[0];
    let clean = 0;
    for (let i = 0; i < DIGITS; i++) if (predict(Float32Array.from(digit(i))) === labels[i]) clean++;
    const cleanAcc = clean / DIGITS;
    const rows: string[] = [];
    let sum = 0;
    for (const kind of PHOTO_KINDS) {
      const rng = new Rng(7);
      let right = 0;
      let none = 0;
      for (let i = 0; i < DIGITS; i++) {
        const p = digitPhoto(digit(i), kind, rng);
        try {
          if (predict(toMnistInput(p.gray, p.width, p.height)) === labels[i]) right++;
        } catch (e) {
          if (!(e instanceof NoDigitError)) throw e;
          none++;
        }
      }
      const acc = right / DIGITS;
      sum += acc;
      rows.push(`${kind} ${acc.toFixed(2)}${none ? ` (${none} no digit)` : ''}`);
      assert.ok(acc >= cleanAcc - 0.12, `${kind} photos: accuracy ${acc.toFixed(3)}, the same digits from MNIST ${cleanAcc.toFixed(3)}`);
    }
    t.diagnostic(`accuracy on ${DIGITS} digits: MNIST ${cleanAcc.toFixed(2)}; photos: ${rows.join(', ')}`);
    const mean = sum / PHOTO_KINDS.length;
    assert.ok(mean >= cleanAcc - 0.05, `photos: mean accuracy ${mean.toFixed(3)} over ${PHOTO_KINDS.length} kinds, the same digits from MNIST ${cleanAcc.toFixed(3)}`);
  });
});
