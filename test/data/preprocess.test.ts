import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueError, toMnistInput } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

function centreOfMass(x: Float32Array): [number, number] {
  let m = 0, cx = 0, cy = 0;
  for (let i = 0; i < 784; i++) {
    m += x[i]!;
    cx += x[i]! * ((i % 28) + 0.5);
    cy += x[i]! * (Math.floor(i / 28) + 0.5);
  }
  return [cx / m, cy / m];
}

function bbox(x: Float32Array): [number, number, number, number] {
  let x0 = 28, y0 = 28, x1 = -1, y1 = -1;
  for (let i = 0; i < 784; i++) if (x[i]! > 0.2) {
    x0 = Math.min(x0, i % 28); x1 = Math.max(x1, i % 28);
    y0 = Math.min(y0, Math.floor(i / 28)); y1 = Math.max(y1, Math.floor(i / 28));
  }
  return [x0, y0, x1, y1];
}

describe('toMnistInput', () => {
  it('turns a dark stroke on light paper into a white, centred, 20-pixel-tall digit', () => {
    const w = 120, h = 90;
    const gray = new Uint8Array(w * h).fill(255);
    for (let y = 10; y < 70; y++) for (let x = 20; x < 26; x++) gray[y * w + x] = 0; // off-centre vertical bar
    const x = toMnistInput(gray, w, h);
    assert.equal(x.length, 784);
    const [cx, cy] = centreOfMass(x);
    assert.ok(Math.abs(cx - 14) <= 1 && Math.abs(cy - 14) <= 1, `centre ${cx}, ${cy}`);
    const [, y0, , y1] = bbox(x);
    assert.ok(y1 - y0 + 1 >= 19 && y1 - y0 + 1 <= 20, `height ${y1 - y0 + 1}`);
    assert.ok(Math.max(...x) <= 1 && Math.min(...x) >= 0);
  });

  it('keeps light-on-dark images as they are, and can be told to invert', () => {
    const gray = new Uint8Array(28 * 28);
    for (let y = 4; y < 24; y++) gray[y * 28 + 14] = 255;
    const a = toMnistInput(gray, 28, 28);
    assert.ok(a.reduce((s, v) => s + v, 0) < 60, 'a thin stroke, not an inverted page');
    const b = toMnistInput(gray, 28, 28, { invert: true });
    assert.ok(b.reduce((s, v) => s + v, 0) > 200);
  });

  it('gives zeros for a blank page and checks its arguments', () => {
    assert.equal(toMnistInput(new Uint8Array(100).fill(255), 10, 10).reduce((s, v) => s + v, 0), 0);
    assertThrows(() => toMnistInput(new Uint8Array(10), 5, 5), ValueError, /5 × 5 needs 25 pixels, got 10/);
    assertThrows(() => toMnistInput(new Uint8Array(0), 0, 5), ValueError, /positive integers/);
  });
});
