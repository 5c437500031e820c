import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it, type TestContext } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { NoDigitError, Rng, ScratchnetError, decodeImageGray, loadMnist, toMnistInput } from '../../../src/index.js';
import { ROOT } from '../../helpers.js';
import { mutateJpeg, mutatePng } from './mutate.js';
import { encodeRawPng, type RawPng } from './png-writer.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CASES = 10_000;
const MAX_MS = 250; // per case
const MAX_GROWTH = 64 * 2 ** 20; // bytes the process's peak may rise by during one case, and its heap over the whole run (after collections)

/** Which check refused a case, from its message: every message must belong to one. */
const PNG_CHECKS: readonly [string, RegExp][] = [
  ['signature', /not a readable PNG or JPEG image: /],
  ['pixel limit', /header declares .* above the limit of/],
  ['chunk bounds', /without an IEND chunk|is cut off \(truncated file\)|declares \d+ bytes, above the PNG maximum|declares \d+ bytes but only/],
  ['chunk type', /has no valid type/],
  ['CRC', /CRC mismatch/],
  ['IHDR fields', /IHDR (holds|declares|colour type|bit depth|compression|filter method|interlace)|an interlaced .* is not supported/],
  ['chunk order', /the first chunk is|a second (IHDR|PLTE|tRNS)|comes after the pixel data|comes before PLTE|not consecutive|without a PLTE chunk|no IDAT chunk|unknown critical chunk/],
  ['PLTE', /PLTE (holds \d+ bytes|has \d+ colours, more than)|a PLTE chunk in a/],
  ['tRNS', /tRNS holds|a tRNS chunk in a/],
  ['inflate', /the compressed pixel data is corrupt or cut off \(inflate: /],
  ['pixel data size', /truncated pixel data: \d+ of|holds more than the \d+ bytes/],
  ['row filter', /has filter type \d+; valid types are 0 to 4/],
  ['palette index', /uses palette entry \d+, but PLTE has/],
  ['decoder', /the pixel data is corrupt \(fast-png: /],
];

const JPEG_CHECKS: readonly [string, RegExp][] = [
  ['signature', /not a readable PNG or JPEG image: |not a readable PNG: /],
  ['pixel limit', /header declares .* above the limit of/],
  ['marker', /expected a marker at byte|unexpected marker|unknown marker/],
  ['segment bounds', /is cut off \(truncated file\)|declares \d+ bytes but \d+ remain|without an EOI marker|is cut off: the file ends/],
  ['unsupported kind', /(is|are) not supported/],
  ['frame header', /frame header|component \d+ has sampling|component \d+ uses quantization table \d+; tables|more than 10 blocks per MCU/],
  ['Huffman table', /Huffman table \(DHT\)/],
  ['quantization table', /quantization table \(DQT\)/],
  ['restart interval', /restart interval \(DRI\)/],
  ['scan header', /scan header \(SOS\)|the scan codes component|which no (DHT|DQT) segment defines|sequential scan with|progressive scan with|a scan \(SOS\) before|interleaved scan|more than \d+ scans/],
  ['scan size', /too few for the \d+ blocks/],
  ['incomplete', /no scan codes component|no frame header \(SOF\)/],
  ['decoder', /the image data is corrupt \(jpeg-js: /],
];

/**
 * Runs CASES seeded mutations through `read`: each must succeed or throw our typed
 * error, within MAX_MS and MAX_GROWTH. Returns how many cases each check refused.
 */
function fuzz(t: TestContext, name: string, seed: number, mutate: (rng: Rng) => { field: string; bytes: Uint8Array }, read: (b: Uint8Array) => void, checks: readonly [string, RegExp][]): Map<string, number> {
  const rng = new Rng(seed);
  const reached = new Map<string, number>([['read', 0], ...checks.map(([c]) => [c, 0] as [string, number])]);
  const fields = new Map<string, number>();
  let slowest = 0;
  let base = 0;
  for (let c = 0; c < CASES; c++) {
    if (c % 500 === 0) {
      // after a collection, what the reader keeps stays flat: nothing leaks from case to case
      gc();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      if (c === 0) base = heapUsed + arrayBuffers;
      assert.ok(heapUsed + arrayBuffers - base < MAX_GROWTH, `${name} after ${c} cases: ${((heapUsed + arrayBuffers - base) / 2 ** 20).toFixed(0)} MB more than at the start`);
    }
    const { field, bytes } = mutate(rng);
    fields.set(field, (fields.get(field) ?? 0) + 1);
    const before = process.resourceUsage().maxRSS; // the process's peak, in KB
    const t0 = performance.now();
    try {
      read(bytes);
      reached.set('read', reached.get('read')! + 1);
    } catch (e) {
      if (!(e instanceof ScratchnetError)) assert.fail(`${name} case ${c} (seed ${seed}, ${field}): untyped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      const check = checks.find(([, re]) => re.test(e.message));
      assert.ok(check, `${name} case ${c} (seed ${seed}, ${field}): a message no check claims: ${e.message}`);
      assert.match(e.message, /^fuzz\.(png|jpg): /, 'the message names the file');
      reached.set(check[0], reached.get(check[0])! + 1);
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    assert.ok(ms < MAX_MS, `${name} case ${c} (seed ${seed}, ${field}) took ${ms.toFixed(0)} ms`);
    const grew = (process.resourceUsage().maxRSS - before) * 1024;
    assert.ok(grew < MAX_GROWTH, `${name} case ${c} (seed ${seed}, ${field}): the process's peak memory rose by ${(grew / 2 ** 20).toFixed(0)} MB`);
  }
  t.diagnostic(`${name}: fields mutated ${[...fields].sort().map(([f, n]) => `${f} ${n}`).join(', ')}`);
  t.diagnostic(`${name}: outcome per check ${[...reached].map(([k, n]) => `${k} ${n}`).join(', ')}; slowest case ${slowest.toFixed(1)} ms`);
  return reached;
}

/** A few small PNGs covering palette + tRNS, 16-bit, interlacing and alpha. */
function pngBases(): Uint8Array[] {
  const rng = new Rng(31);
  const make = (p: Omit<RawPng, 'samples'>, values: number) => encodeRawPng({ ...p, samples: Array.from({ length: p.width * p.height * { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[p.colorType] }, () => rng.int(values)) });
  return [
    make({ width: 12, height: 9, depth: 4, colorType: 3, palette: [[0, 0, 0], [255, 0, 0], [0, 255, 0], [9, 9, 200], [250, 250, 250]], trns: [0, 128, 255] }, 5),
    make({ width: 10, height: 7, depth: 16, colorType: 0, trns: [1000] }, 65536),
    make({ width: 11, height: 11, depth: 8, colorType: 6, interlace: 1 }, 256),
    make({ width: 9, height: 6, depth: 8, colorType: 2, trns: [1, 2, 3] }, 256),
    make({ width: 17, height: 3, depth: 1, colorType: 0 }, 2),
    make({ width: 6, height: 6, depth: 16, colorType: 4, interlace: 1 }, 65536),
  ];
}

const JPEG_BASES = ['gray.jpg', 'gray-progressive.jpg', 'gray-restart.jpg', 'color-420.jpg', 'color-444-progressive.jpg', 'color-422-restart.jpg'];

/** A small photo-like picture of an MNIST digit: 2× size on gray, slightly uneven, noisy paper (56 × 56 gray levels). */
function photo(digit: ArrayLike<number>, rng: Rng): Uint8Array {
  return Uint8Array.from({ length: 56 * 56 }, (_, i) => {
    const [x, y] = [i % 56, Math.floor(i / 56)];
    const paper = 150 + 0.6 * x;
    return Math.round(Math.min(255, Math.max(0, paper + (40 - paper) * digit[(y >> 1) * 28 + (x >> 1)]! + 6 * rng.normal())));
  });
}

/** Damage to the picture itself (not its file): odd sizes, flat or random content, stripes, inversion, a cut-out. */
function mutatePicture(base: Uint8Array, rng: Rng, jpegToo = false): { field: string; bytes: Uint8Array } {
  let w = 56;
  let h = 56;
  let px = base.slice();
  const how = rng.int(8);
  if (how === 0) [w, h, px] = [1, 1, Uint8Array.of(rng.int(256))];
  else if (how === 1) {
    [w, h] = rng.int(2) ? [1 + rng.int(3), 1 + rng.int(300)] : [1 + rng.int(300), 1 + rng.int(3)];
    px = Uint8Array.from({ length: w * h }, () => rng.int(256));
  } else if (how === 2) px.fill(rng.int(256));
  else if (how === 3) px = px.map(() => rng.int(256));
  else if (how === 4) px = px.map((_, i) => ((i % 56) >> rng.int(4)) % 2 ? 255 : 0);
  else if (how === 5) px = px.map((v) => 255 - v);
  else if (how === 6) {
    const [x0, y0] = [rng.int(56), rng.int(56)];
    [w, h] = [1 + rng.int(56 - x0), 1 + rng.int(56 - y0)];
    px = Uint8Array.from({ length: w * h }, (_, i) => base[(y0 + Math.floor(i / w)) * 56 + x0 + (i % w)]!);
  } else px = px.map((v) => (rng.int(20) === 0 ? rng.int(2) * 255 : v));
  const field = `picture ${['1×1', 'a line', 'flat', 'random', 'stripes', 'inverted', 'cut out', 'salt and pepper'][how]}`;
  return jpegToo ? { field: `${field} (JPEG)`, bytes: jpegOf(px, w, h, 30 + rng.int(60)) } : { field, bytes: encodePng({ width: w, height: h, channels: 1, depth: 8, data: px }) };
}

function jpegOf(px: Uint8Array, w: number, h: number, quality: number): Uint8Array {
  const rgba = new Uint8Array(4 * w * h);
  px.forEach((v, i) => rgba.set([v, v, v, 255], 4 * i));
  return new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba }, quality).data);
}

describe(`hostile images: ${CASES} seeded mutations per format, aimed at every field`, () => {
  it('PNG: every case decodes or is refused by a named check, in bounded time and memory', (t) => {
    const bases = pngBases();
    const reached = fuzz(t, 'PNG', 101, (rng) => mutatePng(bases[rng.int(bases.length)]!, rng), (b) => decodeImageGray(b, { name: 'fuzz.png' }), PNG_CHECKS);
    for (const [check, n] of reached) if (check !== 'decoder' && check !== 'signature') assert.ok(n >= 10, `only ${n} cases reached the ${check} check`);
  });

  it('JPEG: every case decodes or is refused by a named check, in bounded time and memory', (t) => {
    const bases = JPEG_BASES.map((f) => new Uint8Array(readFileSync(`${ROOT}test/fixtures/images/${f}`)));
    const reached = fuzz(t, 'JPEG', 202, (rng) => mutateJpeg(bases[rng.int(bases.length)]!, rng), (b) => decodeImageGray(b, { name: 'fuzz.jpg' }), JPEG_CHECKS);
    for (const [check, n] of reached) if (check !== 'signature' && check !== 'unsupported kind') assert.ok(n >= 10, `only ${n} cases reached the ${check} check`);
  });

  it('predict preprocessing (decode + toMnistInput): a valid 28×28 input, "no digit found" or a named check, in bounded time and memory', (t) => {
    const { test } = loadMnist({ trainLimit: 1, testLimit: 8 });
    const rng = new Rng(303);
    const pictures = Array.from({ length: 8 }, (_, i) => photo(test.images.data.subarray(i * 784, (i + 1) * 784), rng));
    const pngs = pictures.map((px) => encodePng({ width: 56, height: 56, channels: 1, depth: 8, data: px }));
    const jpegs = pictures.map((px) => jpegOf(px, 56, 56, 75));
    // jpeg-js's encoder takes milliseconds a call, so the JPEG-encoded picture mutations come from a pool
    const jpegPictures = Array.from({ length: 24 }, () => mutatePicture(pictures[rng.int(8)]!, rng, true));
    for (const b of [...pngs, ...jpegs]) decodeImageGray(b); // the bases are valid
    const checks: readonly [string, RegExp][] = [['no digit found', /^toMnistInput: no digit found: /], ...PNG_CHECKS, ...JPEG_CHECKS.filter(([c]) => c !== 'signature' && c !== 'pixel limit' && c !== 'decoder'), ['JPEG decoder', /the image data is corrupt \(jpeg-js: /]];
    const reached = fuzz(
      t,
      'predict path',
      404,
      (r) => {
        const k = r.int(3);
        const { field, bytes } = k === 0 ? (r.int(4) === 0 ? jpegPictures[r.int(24)]! : mutatePicture(pictures[r.int(8)]!, r)) : k === 1 ? mutatePng(pngs[r.int(8)]!, r) : mutateJpeg(jpegs[r.int(8)]!, r);
        return { field: `${['picture', 'PNG', 'JPEG'][k]}: ${field}`, bytes };
      },
      (b) => {
        const img = decodeImageGray(b, { name: b[0] === 0xff ? 'fuzz.jpg' : 'fuzz.png' });
        let x: Float32Array;
        try {
          x = toMnistInput(img.gray, img.width, img.height);
        } catch (e) {
          if (e instanceof NoDigitError) throw new NoDigitError(`fuzz.png: ${e.message}`);
          throw e;
        }
        assert.equal(x.length, 784);
        assert.ok(x.every((v) => v >= 0 && v <= 1) && x.some((v) => v > 0), 'a digit input: values in [0, 1], not all zero');
      },
      checks.map(([c, re]): [string, RegExp] => [c, c === 'no digit found' ? /^fuzz\.png: toMnistInput: no digit found: / : re]),
    );
    assert.ok(reached.get('read')! >= 1000 && reached.get('no digit found')! >= 100, `read ${reached.get('read')}, no digit ${reached.get('no digit found')}`);
  });
});
