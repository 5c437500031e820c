import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { NoDigitError, Rng, decodeImageGray, loadMnist, toMnistInput } from '../../../src/index.js';
import { fuzz, type Mutator } from '../../fuzz-harness.js';
import { ROOT } from '../../helpers.js';
import { JPEG_FIELDS, PNG_FIELDS, mutateJpeg, mutatePng } from './mutate.js';
import { CHANNELS, encodeRawPng, type RawPng } from './png-writer.js';

/** The reader's checks for PNG, each with the message it gives (every refusal must match exactly one). */
const PNG_CHECKS: readonly [string, RegExp][] = [
  ['signature', /not a readable PNG or JPEG image: /],
  ['pixel limit', /the PNG header declares .* above the limit of/],
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
  // no entry for fast-png's own errors: our checks leave it nothing to refuse, and a case that reached one would fail
];

const JPEG_CHECKS: readonly [string, RegExp][] = [
  ['not a JPEG', /not a readable PNG or JPEG image: |not a readable PNG: /],
  ['pixel limit', /the JPEG header declares .* above the limit of/],
  ['marker', /expected a marker at byte|unexpected marker 0xFF|unknown marker 0xFF/],
  ['segment bounds', /is cut off \(truncated file\)|declares \d+ bytes but \d+ remain|without an EOI marker|is cut off: the file ends/],
  ['unsupported kind', /JPEG \(marker 0xFF..\) is not supported|-bit samples are not supported|without an Adobe marker is not supported/],
  ['frame header', /the frame header \(SOF\) holds|the frame header declares|a second frame header|colour components; expected|appears twice in the frame header|component \d+ has sampling|component \d+ uses quantization table \d+; tables|more than 10 blocks per MCU/],
  ['Huffman table', /Huffman table \(DHT\)/],
  ['quantization table', /quantization table \(DQT\)/],
  ['restart interval', /restart interval \(DRI\)/],
  ['scan header', /scan header \(SOS\)|the scan codes component|which no (DHT|DQT) segment defines|sequential scan with|progressive scan with|a scan \(SOS\) before|interleaved scan|more than \d+ scans/],
  ['scan size', /too few for the \d+ blocks/],
  ['incomplete', /no scan codes component|no frame header \(SOF\)/],
  ['decoder', /the image data is corrupt \(jpeg-js: /],
];

/** A fresh small PNG: any colour type and allowed bit depth, 1-16 pixels a side, Adam7 at 8 and 16 bits, palette and tRNS. */
function randomPng(rng: Rng): Uint8Array {
  const [colorType, depths] = [[0, [1, 2, 4, 8, 16]], [2, [8, 16]], [3, [1, 2, 4, 8]], [4, [8, 16]], [6, [8, 16]]][rng.int(5)] as [RawPng['colorType'], RawPng['depth'][]];
  const depth = depths[rng.int(depths.length)]!;
  const [width, height] = [1 + rng.int(16), 1 + rng.int(16)];
  const max = 2 ** depth - 1;
  const colours = colorType === 3 ? 1 + rng.int(Math.min(16, max + 1)) : 0;
  const samples = Array.from({ length: width * height * CHANNELS[colorType] }, () => rng.int(colorType === 3 ? colours : max + 1));
  const palette = colorType === 3 ? Array.from({ length: colours }, () => [rng.int(256), rng.int(256), rng.int(256)] as const) : undefined;
  const trns = rng.int(3) > 0 ? undefined : colorType === 0 ? [rng.int(max + 1)] : colorType === 2 ? [rng.int(max + 1), rng.int(max + 1), rng.int(max + 1)] : colorType === 3 ? [rng.int(256)] : undefined;
  return encodeRawPng({ width, height, depth, colorType, interlace: depth >= 8 && rng.int(2) ? 1 : 0, samples, ...(palette ? { palette } : {}), ...(trns ? { trns } : {}) });
}

/** A message must name the file. */
function named(file: RegExp, read: (b: Uint8Array) => void): (input: unknown) => void {
  return (input) => {
    try {
      read(input as Uint8Array);
    } catch (e) {
      if (e instanceof Error && !file.test(e.message)) throw new Error(`the message does not name the file: ${e.message}`);
      throw e;
    }
  };
}

/** A small photo-like picture of an MNIST digit: 2× size on gray, slightly uneven, noisy paper (56 × 56 gray levels). */
function photo(digit: ArrayLike<number>, rng: Rng): Uint8Array {
  return Uint8Array.from({ length: 56 * 56 }, (_, i) => {
    const [x, y] = [i % 56, Math.floor(i / 56)];
    const paper = 150 + 0.6 * x;
    return Math.round(Math.min(255, Math.max(0, paper + (40 - paper) * digit[(y >> 1) * 28 + (x >> 1)]! + 6 * rng.normal())));
  });
}

function jpegOf(px: Uint8Array, w: number, h: number, quality: number): Uint8Array {
  const rgba = new Uint8Array(4 * w * h);
  px.forEach((v, i) => rgba.set([v, v, v, 255], 4 * i));
  return new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba }, quality).data);
}

/** Damage to the picture itself, not its file: odd sizes, flat or random content, stripes, inversion, a cut-out, specks. */
const PICTURE_DAMAGE: Readonly<Record<string, (base: Uint8Array, rng: Rng) => [number, number, Uint8Array]>> = {
  '1×1': (_, rng) => [1, 1, Uint8Array.of(rng.int(256))],
  'a line': (_, rng) => {
    const [w, h] = rng.int(2) ? [1 + rng.int(3), 1 + rng.int(300)] : [1 + rng.int(300), 1 + rng.int(3)];
    return [w, h, Uint8Array.from({ length: w * h }, () => rng.int(256))];
  },
  flat: (b, rng) => [56, 56, new Uint8Array(b.length).fill(rng.int(256))],
  random: (b, rng) => [56, 56, b.map(() => rng.int(256))],
  stripes: (b, rng) => {
    const shift = rng.int(4);
    return [56, 56, b.map((_, i) => (((i % 56) >> shift) % 2 ? 255 : 0))];
  },
  inverted: (b, rng) => [56, 56, b.map((v) => Math.max(0, Math.min(255, 255 - v + rng.int(3) - 1)))],
  'cut out': (b, rng) => {
    const [x0, y0] = [rng.int(56), rng.int(56)];
    const [w, h] = [1 + rng.int(56 - x0), 1 + rng.int(56 - y0)];
    return [w, h, Uint8Array.from({ length: w * h }, (_, i) => b[(y0 + Math.floor(i / w)) * 56 + x0 + (i % w)]!)];
  },
  'salt and pepper': (b, rng) => [56, 56, b.map((v) => (rng.int(20) === 0 ? rng.int(2) * 255 : v))],
};

/** An image reader's normal work allocates more than the harness's default allows: pixels, working arrays, and the PNG counting pass's inflate slices (about half a megabyte of output each). */
const MAX_GROWTH = 8 * 2 ** 20;

describe('hostile images: 10,000 seeded mutations per path, aimed at every field', () => {
  it('PNG: a fresh random PNG per case, one field damaged', (t) => {
    const mutators: Record<string, Mutator> = Object.fromEntries(PNG_FIELDS.map((f) => [f, (rng: Rng) => mutatePng(randomPng(rng), rng, f).bytes]));
    fuzz({ name: 'PNG', seed: 101, mutators, parse: named(/^fuzz\.png: /, (b) => decodeImageGray(b, { name: 'fuzz.png' })), checks: PNG_CHECKS, maxGrowth: MAX_GROWTH }, t);
  });

  it('JPEG: baseline, progressive and restart-interval files, gray and colour, one field damaged', (t) => {
    const fixtures = ['gray.jpg', 'gray-progressive.jpg', 'gray-restart.jpg', 'color-420.jpg', 'color-444-progressive.jpg', 'color-422-restart.jpg'].map((f) => new Uint8Array(readFileSync(`${ROOT}test/fixtures/images/${f}`)));
    // and 58 baseline colour JPEGs of random sizes, content and quality (jpeg-js's encoder is too slow for one per case)
    const rng = new Rng(7);
    const encoded = Array.from({ length: 58 }, () => {
      const [w, h] = [1 + rng.int(40), 1 + rng.int(40)];
      const rgba = Uint8Array.from({ length: 4 * w * h }, (_, i) => (i % 4 === 3 ? 255 : (i * (1 + rng.int(3))) % 256));
      return new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba }, 10 + rng.int(86)).data);
    });
    const bases = [...fixtures, ...encoded];
    const mutators: Record<string, Mutator> = Object.fromEntries(JPEG_FIELDS.map((f) => [f, (r: Rng) => mutateJpeg(bases[r.int(bases.length)]!, r, f).bytes]));
    // a few values per field (sizes 0, 1, 65535; restart intervals) on 64 files repeat now and then; the magic bytes and
    // a frame over the pixel limit are rarer aims (each reached about 10-20 times)
    fuzz({ name: 'JPEG', seed: 202, mutators, parse: named(/^fuzz\.jpg: /, (b) => decodeImageGray(b, { name: 'fuzz.jpg' })), checks: JPEG_CHECKS, minDistinct: 8000, minPerCheck: 5, maxGrowth: MAX_GROWTH }, t);
  });

  it('predict preprocessing (decode + toMnistInput): a valid 28×28 input, "no digit found" or a named check', (t) => {
    const { test } = loadMnist({ trainLimit: 1, testLimit: 8 });
    const rng = new Rng(303);
    const pictures = Array.from({ length: 8 }, (_, i) => photo(test.images.data.subarray(i * 784, (i + 1) * 784), rng));
    const pngs = pictures.map((px) => encodePng({ width: 56, height: 56, channels: 1, depth: 8, data: px }));
    const jpegs = pictures.map((px) => jpegOf(px, 56, 56, 75));
    // jpeg-js's encoder takes milliseconds a call, so the damaged pictures saved as JPEG come from a pool
    const jpegPictures = Array.from({ length: 48 }, (_, i) => {
      const [w, h, px] = Object.values(PICTURE_DAMAGE)[i % 8]!(pictures[rng.int(8)]!, rng);
      return jpegOf(px, w, h, 30 + rng.int(60));
    });
    const mutators: Record<string, Mutator> = {
      ...Object.fromEntries(Object.entries(PICTURE_DAMAGE).map(([name, damage]) => [`picture: ${name}`, (r: Rng) => {
        const [w, h, px] = damage(pictures[r.int(8)]!, r);
        return r.int(6) === 0 ? jpegPictures[r.int(jpegPictures.length)]! : encodePng({ width: w, height: h, channels: 1, depth: 8, data: px });
      }])),
      ...Object.fromEntries(PNG_FIELDS.map((f) => [`PNG: ${f}`, (r: Rng) => mutatePng(pngs[r.int(8)]!, r, f).bytes])),
      ...Object.fromEntries(JPEG_FIELDS.map((f) => [`JPEG: ${f}`, (r: Rng) => mutateJpeg(jpegs[r.int(8)]!, r, f).bytes])),
    };
    const read = (b: Uint8Array) => {
      const name = b[0] === 0xff ? 'fuzz.jpg' : 'fuzz.png';
      const img = decodeImageGray(b, { name });
      let x: Float32Array;
      try {
        x = toMnistInput(img.gray, img.width, img.height);
      } catch (e) {
        throw e instanceof NoDigitError ? new NoDigitError(`${name}: ${e.message}`) : e;
      }
      if (x.length !== 784 || !x.every((v) => v >= 0 && v <= 1) || !x.some((v) => v > 0)) throw new Error(`a ${img.width} × ${img.height} picture gave an input that is not a digit`);
    };
    // the formats' checks, told apart by the format each message names; the bases are 8-bit gray, so no palette
    const prefixed = (format: string, checks: readonly [string, RegExp][]) => checks.map(([c, re]): [string, RegExp] => [`${format} ${c}`, new RegExp(`not a readable ${format}: .*(${re.source})`)]);
    const checks: [string, RegExp][] = [
      ['no digit found', /^fuzz\.(png|jpg): toMnistInput: no digit found: /],
      ['not PNG or JPEG', /not a readable PNG or JPEG image: /],
      ['pixel limit', /header declares .* above the limit of/],
      ...prefixed('PNG', PNG_CHECKS.filter(([c]) => !['signature', 'pixel limit', 'palette index', 'PLTE'].includes(c))),
      ['PNG PLTE', /a PLTE chunk in a grayscale image/],
      ...prefixed('JPEG', JPEG_CHECKS.filter(([c]) => !['not a JPEG', 'pixel limit'].includes(c))),
    ];
    // flat and striped pictures, 1×1 pictures and restart intervals come in few variants, so inputs repeat more here
    fuzz({ name: 'predict path', seed: 404, mutators, parse: named(/^fuzz\.(png|jpg): /, read), checks, minPerCheck: 5, minDistinct: 7000, maxGrowth: MAX_GROWTH }, t);
  });
});
