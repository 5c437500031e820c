import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { Rng, SGD, Tensor, TwoLayerNet, digitPhoto, loadMnist, saveModel, train, type GrayImage, type PhotoKind } from '../../src/index.js';
import { ROOT } from '../helpers.js';
import { SIGNATURE, chunk, concat, ihdr } from '../formats/image/png-writer.js';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'scratchnet.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bytes8 = (img: GrayImage) => Uint8Array.from(img.gray, (v) => Math.round(v));
const writePng = (path: string, img: GrayImage) => writeFileSync(path, encodePng({ width: img.width, height: img.height, channels: 1, depth: 8, data: bytes8(img) }));
function writeJpeg(path: string, img: GrayImage): void {
  const rgba = new Uint8Array(4 * img.gray.length);
  bytes8(img).forEach((v, i) => rgba.set([v, v, v, 255], 4 * i));
  writeFileSync(path, jpeg.encode({ width: img.width, height: img.height, data: rgba }, 80).data);
}

describe('scratchnet predict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'predict-'));
  const model = join(dir, 'm.safetensors');
  const { train: trainSet, test } = loadMnist({ trainLimit: 10000, testLimit: 200 });
  const labels = test.labels as Int32Array;
  /** Test digits of `label` that the model reads right straight from MNIST. */
  let known: (label: number, n: number) => number[];

  before(() => {
    const net = new TwoLayerNet(784, 50, 10, { seed: 0 });
    train(net, { train: trainSet }, { optimizer: new SGD(0.1), iters: 1500, batchSize: 100, seed: 0 });
    saveModel(model, net);
    known = (label, n) => {
      const out: number[] = [];
      for (let i = 0; i < 200 && out.length < n; i++) {
        const x = new Tensor(Float32Array.from(test.images.data.subarray(i * 784, (i + 1) * 784)), [1, 784]);
        if (labels[i] === label && net.predict(x).argmax(1)[0] === label) out.push(i);
      }
      return out;
    };
  });

  it('reads a dark 3 on light-gray paper and a 3 on a noisy gradient as 3, PNG or JPEG', () => {
    const threes = known(3, 6);
    assert.ok(threes.length >= 5, 'enough 3s the model knows');
    const files: string[] = [];
    threes.forEach((i, k) => {
      const digit = test.images.data.subarray(i * 784, (i + 1) * 784);
      for (const kind of ['gray-paper', 'everything'] as PhotoKind[]) {
        const photo = digitPhoto(digit, kind, new Rng(100 + k));
        const file = join(dir, `three-${k}-${kind}.png`);
        (k % 2 ? writeJpeg : writePng)(file, photo); // every other one a JPEG named .png
        files.push(file);
      }
    });
    const r = run('predict', '--model', model, '--json', ...files);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; top: { digit: number; p: number }[] });
    assert.deepEqual(rows.map((row) => row.file), files);
    const threesRead = rows.filter((row) => row.top[0]!.digit === 3).length;
    assert.ok(threesRead >= files.length - 2, `${threesRead} of ${files.length} photos of 3s read as 3: ${r.stdout}`);
  });

  it('says "FILE: no digit found" for a blank page, and exits 1 only when no image had a digit', () => {
    const blank = join(dir, 'blank.png');
    writePng(blank, { width: 120, height: 90, gray: new Float32Array(120 * 90).fill(200) });
    const digit = join(dir, 'seven.png');
    const seven = known(7, 1)[0]!;
    writePng(digit, digitPhoto(test.images.data.subarray(seven * 784, (seven + 1) * 784), 'gradient', new Rng(1)));
    const both = run('predict', '--model', model, blank, digit);
    assert.equal(both.code, 0, both.stderr);
    assert.match(both.stdout, /^.*blank\.png: no digit found\n.*seven\.png: 7 \(0\.\d{3}\), \d \(0\.\d{3}\), \d \(0\.\d{3}\)\n$/);
    const alone = run('predict', '--model', model, blank);
    assert.equal(alone.code, 1);
    assert.match(alone.stdout, /blank\.png: no digit found\n$/);
    assert.match(alone.stderr, /^error: no digit found in .*blank\.png: no marks stand out from the paper \(the paper's noise is 0\.\d gray levels\)\n$/);
    const json = run('predict', '--model', model, '--json', blank, blank);
    assert.equal(json.code, 1);
    assert.deepEqual(json.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown), [{ file: blank, top: [], error: 'no digit found' }, { file: blank, top: [], error: 'no digit found' }]);
    assert.match(json.stderr, /^error: no digit found in any of the 2 images\n$/);
  });

  it('refuses a decompression bomb by its header and other files by their content, printing nothing', () => {
    const bomb = join(dir, 'bomb.png');
    writeFileSync(bomb, concat([SIGNATURE, ihdr(20000, 20000, 8, 6), chunk('IDAT', deflateSync(new Uint8Array(240003)).subarray(0, 217)), chunk('IEND', new Uint8Array(0))]));
    const gif = join(dir, 'anim.png');
    writeFileSync(gif, 'GIF89a\x01\x00\x01\x00');
    const photo = join(dir, 'photo.png');
    copyFileSync(join(ROOT, 'test/fixtures/images/gray.jpg'), photo);
    const cases: [string[], RegExp][] = [
      [[bomb], /^error: .*bomb\.png: the PNG header declares 20000 × 20000 pixels \(400 megapixels\), above the limit of 50 megapixels; if the image is genuine, raise the limit with the maxPixels option \(scratchnet predict --max-pixels N\)\n$/],
      [['--max-pixels', '500000000', bomb], /^error: .*bomb\.png: not a readable PNG: (the compressed pixel data is corrupt or cut off|truncated pixel data)/],
      [[photo, gif], /^error: .*anim\.png: not a readable PNG or JPEG image: this is a GIF image; convert it to PNG or JPEG\n$/],
      [['--max-pixels', '600', photo], /^error: .*photo\.png: the JPEG header declares 33 × 21 pixels \(693 pixels\), above the limit of 600 pixels/],
      [['--max-pixels', '0', photo], /^error: --max-pixels must be at least 1, got 0\n$/],
      [['--max-pixels', 'lots', photo], /^error: --max-pixels must be a whole number, got 'lots'\n$/],
    ];
    for (const [args, pattern] of cases) {
      const t0 = performance.now();
      const r = run('predict', '--model', model, ...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', 'nothing printed before the error');
      assert.match(r.stderr, pattern);
      assert.ok(performance.now() - t0 < 20_000);
    }
  });

  it('documents the formats, the pixel limit and "no digit found" in --help', () => {
    const help = run('predict', '--help').stdout;
    for (const p of [/PNG or JPEG/, /--max-pixels N/, /default 50000000/, /no digit found/, /--invert MODE/]) assert.match(help, p);
  });
});
