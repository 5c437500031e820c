import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, ValueError, resizeArea } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

/**
 * The same resize computed another way: every source pixel repeated m times along each
 * axis (m the output size), so each output pixel is the plain mean of a whole block.
 */
function bruteForce(src: Float32Array, w: number, h: number, c: number, ow: number, oh: number): Float64Array {
  const out = new Float64Array(c * oh * ow);
  for (let ch = 0; ch < c; ch++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        let s = 0;
        for (let fy = y * h; fy < (y + 1) * h; fy++)
          for (let fx = x * w; fx < (x + 1) * w; fx++) s += src[(Math.floor(fy / oh) * w + Math.floor(fx / ow)) * c + ch]!;
        out[(ch * oh + y) * ow + x] = s / (w * h);
      }
  return out;
}

describe('resizeArea', () => {
  it('equals block means on the common refinement, shrinking and enlarging, 1 and 3 channels', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 40; trial++) {
      const [w, h, ow, oh, c] = [1 + rng.int(13), 1 + rng.int(13), 1 + rng.int(9), 1 + rng.int(9), rng.int(2) ? 3 : 1];
      const src = Float32Array.from({ length: w * h * c }, () => rng.int(256));
      const got = resizeArea(src, w, h, c, ow, oh);
      const want = bruteForce(src, w, h, c, ow, oh);
      want.forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-3, `${w}×${h}→${ow}×${oh}, c ${c}, value ${i}: ${got[i]} vs ${v}`));
    }
  });

  it('keeps a flat picture flat, lays channels out planar, scales, and leaves its input alone', () => {
    const flat = new Float32Array(7 * 5 * 3).map((_, i) => [10, 20, 30][i % 3]!);
    const copy = flat.slice();
    const out = resizeArea(flat, 7, 5, 3, 3, 2, 0.5);
    assert.deepEqual([...out], [5, 5, 5, 5, 5, 5, 10, 10, 10, 10, 10, 10, 15, 15, 15, 15, 15, 15].map((v) => Math.fround(v)));
    assert.deepEqual(flat, copy);
  });

  it('checks its sizes', () => {
    assertThrows(() => resizeArea(new Float32Array(5), 2, 2, 1, 1, 1), ValueError, /2 × 2 pixels of 1 channels need 4 values, got 5/);
    assertThrows(() => resizeArea(new Float32Array(4), 2, 2, 1, 0, 1), ValueError, /outWidth must be a positive whole number, got 0/);
  });
});
