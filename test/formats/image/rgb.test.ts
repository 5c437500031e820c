import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FileFormatError, decodeImageGray, decodeImageRgb } from '../../../src/index.js';
import { ROOT, assertThrows, fixture } from '../../helpers.js';
import { encodeRawPng } from './png-writer.js';

const reference = fixture<Record<string, { width: number; height: number; gray: number[] }>>('images/jpeg-reference.json');

describe('decodeImageRgb', () => {
  it('PNG: every colour type gives the written samples as RGB, alpha and tRNS over white', () => {
    // RGB 8-bit: the samples themselves
    const rgb = decodeImageRgb(encodeRawPng({ width: 2, height: 1, depth: 8, colorType: 2, samples: [10, 20, 30, 200, 100, 0] }));
    assert.deepEqual([...rgb.rgb], [10, 20, 30, 200, 100, 0]);
    // RGB 16-bit scaled to 0 .. 255
    assert.deepEqual([...decodeImageRgb(encodeRawPng({ width: 1, height: 1, depth: 16, colorType: 2, samples: [65535, 0, 32896] })).rgb], [255, 0, 128]); // 32896 = 128 · 257
    // RGBA: half-transparent red over white is (255, 127.5, 127.5)
    const rgba = decodeImageRgb(encodeRawPng({ width: 1, height: 1, depth: 8, colorType: 6, samples: [255, 0, 0, 255 / 2] }));
    [255, 127.75, 127.75].forEach((v, i) => assert.ok(Math.abs(rgba.rgb[i]! - v) < 0.6, `${i}: ${rgba.rgb[i]}`));
    // palette with transparency, gray with a key colour, gray + alpha, 2-bit gray, Adam7
    const pal = decodeImageRgb(encodeRawPng({ width: 2, height: 1, depth: 8, colorType: 3, samples: [0, 1], palette: [[1, 2, 3], [40, 50, 60]], trns: [0] }));
    assert.deepEqual([...pal.rgb], [255, 255, 255, 40, 50, 60]);
    assert.deepEqual([...decodeImageRgb(encodeRawPng({ width: 2, height: 1, depth: 8, colorType: 0, samples: [7, 9], trns: [9] })).rgb], [7, 7, 7, 255, 255, 255]);
    assert.deepEqual([...decodeImageRgb(encodeRawPng({ width: 1, height: 1, depth: 8, colorType: 4, samples: [0, 0] })).rgb], [255, 255, 255]);
    assert.deepEqual([...decodeImageRgb(encodeRawPng({ width: 3, height: 1, depth: 2, colorType: 0, samples: [0, 1, 3] })).rgb], [0, 0, 0, 85, 85, 85, 255, 255, 255]);
    const samples = Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 37) % 256);
    assert.deepEqual([...decodeImageRgb(encodeRawPng({ width: 5, height: 4, depth: 8, colorType: 2, interlace: 1, samples })).rgb], samples);
  });

  it('JPEG: colour as libjpeg decodes it (luma within 2 levels of its gray), gray as three equal channels', () => {
    for (const name of ['color-420.jpg', 'color-444-progressive.jpg', 'color-422-restart.jpg', 'gray.jpg']) {
      const img = decodeImageRgb(new Uint8Array(readFileSync(`${ROOT}test/fixtures/images/${name}`)), { name });
      const ref = reference[name]!;
      assert.deepEqual([img.width, img.height], [ref.width, ref.height]);
      let max = 0;
      ref.gray.forEach((g, i) => {
        const luma = 0.299 * img.rgb[3 * i]! + 0.587 * img.rgb[3 * i + 1]! + 0.114 * img.rgb[3 * i + 2]!;
        max = Math.max(max, Math.abs(luma - g));
      });
      assert.ok(max <= 2.5, `${name}: max difference ${max}`);
      if (name === 'gray.jpg') for (let i = 0; i < ref.gray.length; i++) assert.ok(img.rgb[3 * i] === img.rgb[3 * i + 1] && img.rgb[3 * i] === img.rgb[3 * i + 2]);
    }
  });

  it('the same checks and pixel limit as the gray reader, naming the file', () => {
    const png = encodeRawPng({ width: 4, height: 4, depth: 8, colorType: 2, samples: new Array(48).fill(1) });
    assertThrows(() => decodeImageRgb(png, { name: 'a.png', maxPixels: 15 }), FileFormatError, /^a\.png: the PNG header declares 4 × 4 pixels/);
    assertThrows(() => decodeImageRgb(png.subarray(0, 40), { name: 'a.png' }), FileFormatError, /^a\.png: not a readable PNG: /);
    assertThrows(() => decodeImageRgb(new TextEncoder().encode('GIF89a....'), { name: 'b.png' }), FileFormatError, /^b\.png: not a readable PNG or JPEG image: this is a GIF image/);
    const gray = decodeImageGray(png);
    assert.equal(gray.gray.length, 16);
  });
});
