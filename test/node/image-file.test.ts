import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deflateSync } from 'node:zlib';
import { FileFormatError, readImageGray, readPngGray } from '../../src/index.js';
import { ROOT, assertThrows } from '../helpers.js';
import { SIGNATURE, chunk, concat, ihdr } from '../formats/image/png-writer.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const dir = mkdtempSync(join(tmpdir(), 'image-file-'));

/** A PNG declaring width × height RGBA pixels whose pixel data stops after a few rows: 274 bytes for 20000 × 20000. */
function bomb(width: number, height: number): Uint8Array {
  const rows = deflateSync(new Uint8Array(3 * (1 + 4 * width)));
  return concat([SIGNATURE, ihdr(width, height, 8, 6), chunk('IDAT', rows.subarray(0, 217)), chunk('IEND', new Uint8Array(0))]);
}

/** Runs f after a full collection; returns its time and how much the process grew meanwhile. */
function measure(f: () => void): { ms: number; grewMB: number } {
  gc();
  const before = process.memoryUsage();
  const t0 = performance.now();
  f();
  const ms = performance.now() - t0;
  const after = process.memoryUsage();
  return { ms, grewMB: Math.max(after.rss - before.rss, after.arrayBuffers - before.arrayBuffers) / 2 ** 20 };
}

describe('readImageGray (files)', () => {
  it('refuses the 274-byte 20000 × 20000 PNG bomb in under a second, growing under 100 MB, by header or by its truncated data', () => {
    const file = join(dir, 'bomb.png');
    writeFileSync(file, bomb(20000, 20000));
    assert.equal(bomb(20000, 20000).length, 274);
    const byHeader = measure(() => assertThrows(() => readImageGray(file), FileFormatError, /bomb\.png: the PNG header declares 20000 × 20000 pixels \(400 megapixels\), above the limit of 50 megapixels/));
    // with the limit raised past 400 megapixels the header passes; the pixel data is then found short before any allocation
    const byData = measure(() => assertThrows(() => readImageGray(file, { maxPixels: 500_000_000 }), FileFormatError, /bomb\.png: not a readable PNG: the compressed pixel data is corrupt or cut off|truncated pixel data/));
    for (const m of [byHeader, byData]) assert.ok(m.ms < 1000 && m.grewMB < 100, `took ${m.ms.toFixed(0)} ms, grew ${m.grewMB.toFixed(1)} MB`);
  });

  it('gives its own message for 100000 × 100000, never a Node internal one', () => {
    const file = join(dir, 'huge.png');
    writeFileSync(file, bomb(100000, 100000));
    assertThrows(() => readImageGray(file), FileFormatError, /huge\.png: the PNG header declares 100000 × 100000 pixels \(10000 megapixels\)/);
    assertThrows(() => readImageGray(file, { maxPixels: 2 ** 53 - 1 }), FileFormatError, /huge\.png: not a readable PNG: (truncated pixel data|the compressed pixel data is corrupt)/);
  });

  it('goes by the magic bytes: a JPEG named .png is read as a JPEG, and other kinds are named', () => {
    const file = join(dir, 'photo.png');
    copyFileSync(join(ROOT, 'test/fixtures/images/color-420.jpg'), file);
    assert.equal(readImageGray(file).width, 33);
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['empty.png', new Uint8Array(0), /empty\.png: not a readable PNG or JPEG image: the file is empty \(0 bytes\)$/],
      ['signature.png', SIGNATURE, /signature\.png: not a readable PNG: the file ends after 8 bytes without an IEND chunk \(truncated\)/],
      ['no-pixels.png', concat([SIGNATURE, ihdr(4, 4, 8, 0), chunk('IEND', new Uint8Array(0))]), /no-pixels\.png: not a readable PNG: no IDAT chunk: the image has no pixel data/],
      ['anim.png', 'GIF89a\x01\x00\x01\x00', /anim\.png: not a readable PNG or JPEG image: this is a GIF image; convert it to PNG or JPEG/],
      ['web.png', 'RIFF\x10\x00\x00\x00WEBPVP8 ', /this is a WebP image/],
      ['scan.png', 'II*\x00\x08\x00\x00\x00', /this is a TIFF image/],
      ['doc.png', '%PDF-1.7\n', /this is a PDF document/],
      ['notes.png', 'hello, this is a note\n', /this is text, not an image/],
      ['crlf.png', '\x89PNG\n\x1a\n\x00\x00', /a PNG whose 8-byte signature is damaged/],
    ];
    for (const [name, content, pattern] of cases) {
      writeFileSync(join(dir, name), typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
      assertThrows(() => readImageGray(join(dir, name)), FileFormatError, pattern);
    }
    assertThrows(() => readImageGray(join(dir, 'missing.png')), FileFormatError, /missing\.png: cannot read \(ENOENT\)/);
  });

  it('refuses a file larger than any image within the limit could be, before reading it', () => {
    const file = join(dir, 'large.png');
    writeFileSync(file, bomb(10, 10));
    truncateSync(file, 100 * 10 + 16 * 2 ** 20 + 1);
    assertThrows(() => readImageGray(file, { maxPixels: 100 }), FileFormatError, /large\.png: the file holds 16778217 bytes, more than any 100-pixel PNG or JPEG needs \(16778216\)/);
  });

  it('keeps the former name readPngGray', () => {
    assert.equal(readPngGray, readImageGray);
  });
});
