import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { FileFormatError, Rng, ValueError, decodeImageGray } from '../../../src/index.js';
import { assertThrows } from '../../helpers.js';
import { CHANNELS, SIGNATURE, chunk, concat, encodeRawPng, ihdr, type RawPng } from './png-writer.js';

/** The grayscale a reader must give, computed here from the samples: BT.601 luma, alpha over white. */
function expectedGray(p: RawPng): number[] {
  const c = CHANNELS[p.colorType];
  const max = 2 ** p.depth - 1;
  const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;
  return Array.from({ length: p.width * p.height }, (_, i) => {
    const s = Array.from({ length: c }, (_, k) => p.samples[i * c + k]!);
    const scaled = s.map((v) => (v * 255) / max);
    switch (p.colorType) {
      case 0:
        return p.trns && s[0] === p.trns[0] ? 255 : scaled[0]!;
      case 2:
        return p.trns && s.every((v, k) => v === p.trns![k]) ? 255 : luma(scaled[0]!, scaled[1]!, scaled[2]!);
      case 3: {
        const [r, g, b] = p.palette![s[0]!]!;
        const a = (p.trns?.[s[0]!] ?? 255) / 255;
        return a * luma(r, g, b) + (1 - a) * 255;
      }
      case 4:
        return (s[1]! / max) * scaled[0]! + (1 - s[1]! / max) * 255;
      default:
        return (s[3]! / max) * luma(scaled[0]!, scaled[1]!, scaled[2]!) + (1 - s[3]! / max) * 255;
    }
  });
}

function randomPng(rng: Rng, colorType: RawPng['colorType'], depth: RawPng['depth'], interlace: 0 | 1, width = 13, height = 11): RawPng {
  const c = CHANNELS[colorType];
  const max = 2 ** depth - 1;
  const colours = colorType === 3 ? Math.min(max + 1, 1 + rng.int(max + 1)) : 0;
  const samples = Array.from({ length: width * height * c }, () => rng.int(colorType === 3 ? colours : max + 1));
  const palette = colorType === 3 ? Array.from({ length: colours }, () => [rng.int(256), rng.int(256), rng.int(256)] as const) : undefined;
  return { width, height, depth, colorType, interlace, samples, ...(palette ? { palette } : {}) };
}

const decode = (bytes: Uint8Array, maxPixels?: number) => decodeImageGray(bytes, { name: 'x.png', ...(maxPixels ? { maxPixels } : {}) });

function assertGray(p: RawPng, label: string): void {
  const img = decode(encodeRawPng(p));
  assert.equal(img.width, p.width, label);
  assert.equal(img.height, p.height, label);
  const want = expectedGray(p);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(img.gray[i]! - want[i]!) < 1e-3, `${label}: pixel ${i} is ${img.gray[i]}, expected ${want[i]}`);
}

describe('PNG reader', () => {
  const rng = new Rng(11);
  const combos: [RawPng['colorType'], RawPng['depth'][]][] = [[0, [1, 2, 4, 8, 16]], [2, [8, 16]], [3, [1, 2, 4, 8]], [4, [8, 16]], [6, [8, 16]]];

  it('reads every colour type and bit depth, plain and Adam7-interlaced, through all five row filters', () => {
    for (const [ct, depths] of combos)
      for (const depth of depths)
        for (const interlace of depth >= 8 ? [0, 1] as const : [0] as const) {
          assertGray(randomPng(rng, ct, depth, interlace), `colour type ${ct}, ${depth}-bit, interlace ${interlace}`);
          assertGray(randomPng(rng, ct, depth, interlace, 1, 1), `1×1, colour type ${ct}, ${depth}-bit, interlace ${interlace}`);
        }
  });

  it('composites tRNS transparency (palette alpha and colour keys) over white', () => {
    const pal = randomPng(rng, 3, 4, 0);
    assertGray({ ...pal, trns: pal.palette!.map((_, i) => (i * 37) % 256).slice(0, Math.max(1, pal.palette!.length - 1)) }, 'palette alpha');
    const gray = randomPng(rng, 0, 2, 0);
    assertGray({ ...gray, trns: [gray.samples[0]!] }, 'gray key');
    const rgb = randomPng(rng, 2, 16, 1);
    assertGray({ ...rgb, trns: [rgb.samples[0]!, rgb.samples[1]!, rgb.samples[2]!] }, 'RGB key');
  });

  it('reads data split over many IDAT chunks and skips ancillary chunks unread, even a colour-profile bomb', () => {
    assertGray({ ...randomPng(rng, 6, 8, 1, 40, 30), idatSize: 7 }, 'IDAT every 7 bytes');
    // an iCCP profile that would inflate to 64 MB: skipped, so memory and time stay small
    const bomb = concat([new TextEncoder().encode('icc\0'), Uint8Array.of(0), deflateSync(new Uint8Array(64 * 2 ** 20))]);
    const p = { ...randomPng(rng, 2, 8, 0), extra: [{ type: 'iCCP', data: bomb }, { type: 'tEXt', data: new TextEncoder().encode('Comment\0hello') }] };
    const before = process.memoryUsage().arrayBuffers;
    assertGray(p, 'iCCP and tEXt');
    assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 2 ** 20, 'the profile was not inflated');
  });

  it('reads an RGB key (tRNS) in an image of fewer than 3 pixels, which fast-png alone refuses', () => {
    const p: RawPng = { width: 1, height: 2, depth: 8, colorType: 2, samples: [10, 20, 30, 40, 50, 60], trns: [10, 20, 30] };
    assertGray(p, '1×2 RGB with a key');
    assert.equal(decode(encodeRawPng(p)).gray[0], 255, 'the key colour is transparent: white');
  });

  it('reads pixel data split into tens of thousands of 1-byte IDAT chunks in bounded time and memory', () => {
    const p = { ...randomPng(rng, 6, 8, 0, 64, 64), idatSize: 1 };
    const bytes = encodeRawPng(p);
    assert.ok(bytes.length > 12 * 15000, `${bytes.length} bytes`);
    const before = process.memoryUsage.rss();
    const t0 = performance.now();
    decode(bytes);
    const ms = performance.now() - t0;
    assert.ok(ms < 500 && process.memoryUsage.rss() - before < 100 * 2 ** 20, `${ms.toFixed(0)} ms, ${process.memoryUsage.rss() - before} bytes`);
    assertGray(p, '1-byte IDAT chunks');
  });

  it('checks width × height against the pixel limit from the header, before the pixel data', () => {
    const png = encodeRawPng(randomPng(rng, 0, 8, 0, 100, 50));
    assert.equal(decode(png, 5000).width, 100);
    assertThrows(() => decode(png, 4999), FileFormatError, /^x\.png: the PNG header declares 100 × 50 pixels \(5000 pixels\), above the limit of 4999 pixels; .*maxPixels option \(scratchnet predict --max-pixels N\)/);
    const huge = concat([SIGNATURE, ihdr(100000, 100000, 8, 6), chunk('IDAT', deflateSync(new Uint8Array(10))), chunk('IEND', new Uint8Array(0))]);
    assertThrows(() => decode(huge), FileFormatError, /100000 × 100000 pixels \(10000 megapixels\), above the limit of 50 megapixels/);
    assertThrows(() => decodeImageGray(png, { maxPixels: 0 }), ValueError, /maxPixels must be a positive whole number, got 0/);
    assertThrows(() => decodeImageGray(png, { maxPixels: 1.5 }), ValueError, /got 1\.5/);
  });

  it('refuses pixel data that is short, long, cut off or badly filtered, naming the file', () => {
    const p = randomPng(rng, 0, 8, 0, 20, 10);
    const raw = 10 * 21;
    assertThrows(() => decode(encodeRawPng({ ...p, mapIdat: () => deflateSync(new Uint8Array(raw - 1)) })), FileFormatError, /^x\.png: not a readable PNG: truncated pixel data: 209 of the 210 bytes that 20 × 10 pixels need/);
    assertThrows(() => decode(encodeRawPng({ ...p, mapIdat: () => deflateSync(new Uint8Array(raw + 1)) })), FileFormatError, /holds more than the 210 bytes that 20 × 10 pixels need/);
    assertThrows(() => decode(encodeRawPng({ ...p, mapIdat: (z) => z.subarray(0, z.length - 6) })), FileFormatError, /the compressed pixel data is corrupt or cut off \(inflate: /);
    assertThrows(() => decode(encodeRawPng({ ...p, mapIdat: () => deflateSync(new Uint8Array(raw).fill(7)) })), FileFormatError, /row 0 has filter type 7; valid types are 0 to 4/);
    const interlaced = randomPng(rng, 6, 8, 1, 9, 9);
    assertThrows(() => decode(encodeRawPng({ ...interlaced, mapIdat: () => deflateSync(new Uint8Array(343).fill(5)) })), FileFormatError, /row 0 of interlace pass 1 has filter type 5/);
    // a zlib bomb in IDAT: 200 MB of zeros for a 20 × 10 image stops at the first slice past 210 bytes
    const t0 = performance.now();
    const bomb = deflateSync(new Uint8Array(200 * 2 ** 20));
    const made = performance.now() - t0;
    const t1 = performance.now();
    assertThrows(() => decode(encodeRawPng({ ...p, mapIdat: () => bomb })), FileFormatError, /holds more than the 210 bytes/);
    assert.ok(performance.now() - t1 < Math.max(200, made / 4), `the bomb took ${performance.now() - t1} ms to refuse`);
  });

  it('refuses damaged chunk layouts with a message saying what is wrong', () => {
    const p = randomPng(rng, 3, 2, 0, 6, 4);
    const good = encodeRawPng(p);
    const ihdrAt = 8;
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, good.length - 12), /the file ends after \d+ bytes without an IEND chunk \(truncated\)/],
      [good.subarray(0, 40), /chunk .* declares \d+ bytes but only \d+ follow \(truncated file\)|is cut off/],
      [Uint8Array.from(good, (b, i) => (i === ihdrAt + 12 ? b ^ 1 : b)), /CRC mismatch in chunk IHDR at byte 8/],
      [concat([SIGNATURE, chunk('IDAT', new Uint8Array(3))]), /the first chunk is IDAT, expected IHDR/],
      [concat([SIGNATURE, chunk('IHDR', new Uint8Array(12))]), /IHDR holds 12 bytes, expected 13/],
      [concat([SIGNATURE, ihdr(0, 5, 8, 0)]), /IHDR declares 0 × 5 pixels/],
      [concat([SIGNATURE, ihdr(5, 5, 3, 0)]), /bit depth 3 is not allowed for grayscale \(allowed: 1, 2, 4, 8, 16\)/],
      [concat([SIGNATURE, ihdr(5, 5, 8, 5)]), /colour type 5 is not one of 0, 2, 3, 4, 6/],
      [concat([SIGNATURE, ihdr(5, 5, 8, 0, 2)]), /interlace method 2/],
      [concat([SIGNATURE, ihdr(5, 5, 4, 3, 1)]), /an interlaced palette PNG with 4-bit samples is not supported; save it without interlacing/],
      [concat([SIGNATURE, ihdr(5, 5, 8, 3), chunk('IDAT', new Uint8Array(3)), chunk('IEND', new Uint8Array(0))]), /a palette image without a PLTE chunk/],
      [concat([SIGNATURE, ihdr(5, 5, 8, 0), chunk('IEND', new Uint8Array(0))]), /no IDAT chunk: the image has no pixel data/],
      [concat([SIGNATURE, ihdr(5, 5, 8, 0), chunk('ABCD', new Uint8Array(1))]), /unknown critical chunk ABCD at byte 33/],
      [concat([SIGNATURE, ihdr(5, 5, 8, 6), chunk('tRNS', new Uint8Array(2))]), /a tRNS chunk in a RGBA image, which has its own alpha/],
      [concat([SIGNATURE, ihdr(5, 5, 2, 3), chunk('PLTE', new Uint8Array(15))]), /PLTE has 5 colours, more than 2-bit indices reach/],
      [concat([SIGNATURE, ihdr(5, 5, 8, 0), chunk('IDAT', deflateSync(new Uint8Array(30))), chunk('tEXt', new Uint8Array(1)), chunk('IDAT', new Uint8Array(1))]), /IDAT chunks are not consecutive/],
    ];
    for (const [bytes, pattern] of cases) assertThrows(() => decode(bytes), FileFormatError, /^x\.png: not a readable PNG: /, pattern);
    // palette index 3 of a 3-colour palette
    const bad = { ...p, palette: [[0, 0, 0], [9, 9, 9], [99, 99, 99]] as const, samples: Array.from(p.samples, (_, i) => (i === 5 ? 3 : 0)) };
    assertThrows(() => decode(encodeRawPng(bad)), FileFormatError, /pixel \(5, 0\) uses palette entry 3, but PLTE has 3 colours/);
  });
});
