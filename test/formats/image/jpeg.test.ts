import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FileFormatError, decodeImageGray } from '../../../src/index.js';
import { ROOT, assertThrows, fixture } from '../../helpers.js';

// made by test/fixtures/images/make_jpeg_fixtures.py with libjpeg-turbo's cjpeg; the reference is its djpeg's output
const FIXTURES = ['gray.jpg', 'gray-progressive.jpg', 'gray-restart.jpg', 'color-420.jpg', 'color-444-progressive.jpg', 'color-422-restart.jpg'];
const reference = fixture<Record<string, { width: number; height: number; gray: number[] }>>('images/jpeg-reference.json');
const read = (name: string) => new Uint8Array(readFileSync(`${ROOT}test/fixtures/images/${name}`));
const decode = (bytes: Uint8Array, maxPixels?: number) => decodeImageGray(bytes, { name: 'x.jpg', ...(maxPixels ? { maxPixels } : {}) });

/** Offset of the first marker 0xFF m (segment walk, not a byte search). */
function markerAt(b: Uint8Array, m: number): number {
  for (let at = 2; at + 4 <= b.length; at += 2 + ((b[at + 2]! << 8) | b[at + 3]!)) if (b[at + 1] === m) return at;
  throw new Error(`no marker ${m.toString(16)}`);
}

const patched = (b: Uint8Array, edits: Record<number, number>) => Uint8Array.from(b, (v, i) => edits[i] ?? v);

describe('JPEG reader', () => {
  it('decodes baseline, progressive and restart-interval JPEGs, gray and colour, as libjpeg does (within 2 levels)', () => {
    for (const name of FIXTURES) {
      const img = decode(read(name));
      const ref = reference[name]!;
      assert.deepEqual([img.width, img.height], [ref.width, ref.height], name);
      let max = 0;
      let sum = 0;
      ref.gray.forEach((g, i) => {
        const d = Math.abs(img.gray[i]! - g);
        max = Math.max(max, d);
        sum += d;
      });
      assert.ok(max <= 2 && sum / ref.gray.length < 0.6, `${name}: max difference ${max}, mean ${sum / ref.gray.length}`);
    }
  });

  it('checks width × height from the frame header against the limit before decoding', () => {
    const gray = read('gray.jpg');
    assert.equal(decode(gray, 33 * 21).width, 33);
    assertThrows(() => decode(gray, 33 * 21 - 1), FileFormatError, /^x\.jpg: the JPEG header declares 33 × 21 pixels \(693 pixels\), above the limit of 692 pixels; .*--max-pixels N/);
    const sof = markerAt(gray, 0xc0);
    const huge = patched(gray, { [sof + 5]: 0xff, [sof + 6]: 0xff, [sof + 7]: 0xff, [sof + 8]: 0xff });
    assertThrows(() => decode(huge), FileFormatError, /65535 × 65535 pixels \(4295 megapixels\), above the limit of 50 megapixels/);
  });

  it('refuses a small file that declares a large picture, before the decoder allocates for it', () => {
    const gray = read('gray.jpg');
    const sof = markerAt(gray, 0xc0);
    const big = patched(gray, { [sof + 5]: 5000 >> 8, [sof + 6]: 5000 & 255, [sof + 7]: 5000 >> 8, [sof + 8]: 5000 & 255 });
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    assertThrows(() => decode(big), FileFormatError, /scan 1 holds \d+ bytes, too few for the 390625 blocks of 5000 × 5000 pixels \(truncated or corrupt\)/);
    assert.ok(performance.now() - t0 < 500 && process.memoryUsage().rss - before < 50 * 2 ** 20);
  });

  it('refuses every truncation of every fixture: never a partial picture', () => {
    for (const name of FIXTURES) {
      const b = read(name);
      for (let n = 0; n < b.length - 1; n++) assertThrows(() => decode(b.subarray(0, n)), FileFormatError, /x\.jpg: not a readable (PNG or )?JPEG/);
    }
  });

  it('names what it does not support and what is damaged', () => {
    const gray = read('gray.jpg');
    const sof = markerAt(gray, 0xc0);
    const sos = markerAt(gray, 0xda);
    const cases: [Uint8Array, RegExp][] = [
      [read('arithmetic.jpg'), /an arithmetic-coded JPEG \(marker 0xFFC9\) is not supported; baseline and progressive JPEGs are/],
      [patched(gray, { [sof + 1]: 0xc3 }), /a lossless JPEG \(marker 0xFFC3\) is not supported/],
      [patched(gray, { [sof + 4]: 12 }), /12-bit samples are not supported \(8-bit JPEGs are\)/],
      [patched(gray, { [sof + 5]: 0, [sof + 6]: 0 }), /the frame header declares 33 × 0 pixels \(a height given later by a DNL marker is not supported\)/],
      [patched(gray, { [sof + 9]: 2 }), /the frame header \(SOF\) holds 9 bytes, expected 12 for 2 components/],
      [patched(gray, { [sof + 11]: 0x50 }), /component 1 has sampling factors 5×0; each must be 1 to 4/],
      [patched(gray, { [sos + 5]: 7 }), /the scan codes component 7, which the frame header does not have/],
      [patched(gray, { [sos + 6]: 0x30 }), /the scan uses DC Huffman table 3, which no DHT segment defines/],
      [patched(gray, { [sof + 1]: 0xd8 }), /unexpected marker 0xFFD8/],
      [patched(gray, { [sof + 1]: 0xc8 }), /unknown marker 0xFFC8/],
      [patched(gray, { [sof]: 0x00 }), /expected a marker at byte \d+, found 0x0/],
      [patched(gray, { [sof + 2]: 0xff }), /the segment 0xFFC0 at byte \d+ declares 65\d{3} bytes but \d+ remain/],
      [Uint8Array.from([...gray.subarray(0, sos), 0xff, 0xd9]), /no scan codes component 1: the picture is incomplete \(truncated\)/],
      [Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), /no frame header \(SOF\): the file has no picture/],
    ];
    for (const [bytes, pattern] of cases) assertThrows(() => decode(bytes), FileFormatError, /^x\.jpg: not a readable JPEG: /, pattern);
  });
});
