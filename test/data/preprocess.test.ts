import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoDigitError, Rng, ValueError, digitPhoto, loadMnist, toMnistInput, type PhotoKind } from '../../src/index.js';
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

/** Mean absolute difference of two 28×28 inputs. */
const distance = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / 784;

/** A w × h page of `paper(x, y)` with Gaussian noise of σ gray levels. */
function page(w: number, h: number, paper: (x: number, y: number) => number, noise = 0, rng = new Rng(1)): Float32Array {
  return Float32Array.from({ length: w * h }, (_, i) => paper(i % w, Math.floor(i / w)) + noise * rng.normal());
}

describe('toMnistInput', () => {
  it('turns a dark stroke on light paper into a white, centred, 20-pixel-tall digit', () => {
    const w = 120, h = 90;
    const gray = new Uint8Array(w * h).fill(255);
    for (let y = 10; y < 70; y++) for (let x = 20; x < 26; x++) gray[y * w + x] = 0; // off-centre vertical bar
    const copy = gray.slice();
    const x = toMnistInput(gray, w, h);
    assert.deepEqual(gray, copy, 'the argument is not changed');
    assert.equal(x.length, 784);
    const [cx, cy] = centreOfMass(x);
    assert.ok(Math.abs(cx - 14) <= 1 && Math.abs(cy - 14) <= 1, `centre ${cx}, ${cy}`);
    const [, y0, , y1] = bbox(x);
    assert.ok(y1 - y0 + 1 >= 19 && y1 - y0 + 1 <= 20, `height ${y1 - y0 + 1}`);
    assert.ok(Math.max(...x) <= 1 && Math.min(...x) >= 0);
  });

  it('gives the same input for a digit on gray, unevenly lit, noisy or dark paper as on white paper', () => {
    const { test } = loadMnist({ trainLimit: 1, testLimit: 8 });
    const kinds: PhotoKind[] = ['gray-paper', 'gradient', 'noise', 'low-contrast', 'light-on-dark', 'jpeg', 'off-centre', 'large'];
    for (let i = 0; i < 8; i++) {
      const digit = test.images.data.subarray(i * 784, (i + 1) * 784);
      const rng = new Rng(i);
      const clean = digitPhoto(digit, 'clean', rng);
      const reference = toMnistInput(clean.gray, clean.width, clean.height);
      for (const kind of kinds) {
        const p = digitPhoto(digit, kind, rng);
        const d = distance(toMnistInput(p.gray, p.width, p.height), reference);
        // two different digits differ by 0.2 to 0.3 per pixel; the same digit one pixel to the side by about 0.1
        assert.ok(d < 0.08, `digit ${i} on ${kind}: differs from the clean photo by ${d.toFixed(3)} per pixel`);
      }
    }
  });

  it('reads light-on-dark pictures as they are, and follows invert when told which side the ink is on', () => {
    const gray = new Uint8Array(28 * 28);
    for (let y = 4; y < 24; y++) gray[y * 28 + 14] = 255;
    const a = toMnistInput(gray, 28, 28);
    assert.ok(a.reduce((s, v) => s + v, 0) < 60, 'a thin stroke, not an inverted page');
    assert.deepEqual(toMnistInput(gray, 28, 28, { invert: false }), a);
    assertThrows(() => toMnistInput(gray, 28, 28, { invert: true }), NoDigitError, /no digit found/);
    // dark-gray paper with darker ink: the auto choice follows the marks, not how light the paper is
    const dim = page(100, 100, () => 90);
    for (let y = 20; y < 80; y++) for (let x = 45; x < 52; x++) dim[y * 100 + x] = 20;
    const b = toMnistInput(dim, 100, 100);
    assert.ok(b.reduce((s, v) => s + v, 0) > 20 && b.reduce((s, v) => s + v, 0) < 150, 'a bar, not the page');
  });

  it('says "no digit found" for blank, evenly or unevenly lit, noisy, speckled or too faint pages', () => {
    const rng = new Rng(3);
    const blanks: [string, Float32Array][] = [
      ['white', page(200, 150, () => 255)],
      ['gray', page(200, 150, () => 140)],
      ['black', page(200, 150, () => 0)],
      ['gradient', page(200, 150, (x, y) => 40 + 0.9 * x + 0.2 * y)],
      ['noisy', page(200, 150, () => 200, 30, rng)],
      ['noisy gradient', page(200, 150, (x) => 80 + 0.8 * x, 12, rng)],
    ];
    const speck = page(200, 150, () => 255);
    speck[75 * 200 + 100] = 0;
    blanks.push(['one speck', speck]);
    for (const [name, gray] of blanks) {
      assertThrows(() => toMnistInput(gray, 200, 150), NoDigitError, /^toMnistInput: no digit found: /);
      if (!name.includes('noisy')) assertThrows(() => toMnistInput(gray, 200, 150), NoDigitError, /no marks stand out from the paper \(the paper's noise is 0\.\d gray levels\)$/);
    }
    const faint = page(200, 150, () => 200, 3, rng);
    for (let y = 30; y < 120; y++) for (let x = 90; x < 100; x++) faint[y * 200 + x]! -= 10;
    assertThrows(() => toMnistInput(faint, 200, 150), NoDigitError, /no digit found: the marks differ from the paper by only 1\d gray levels \(the paper.s noise is 3\.\d gray levels\)/);
    assert.ok(new NoDigitError('x') instanceof ValueError, 'a NoDigitError is a ValueError');
  });

  it('reads large pictures through a smaller working copy', () => {
    const w = 3000, h = 2000;
    const gray = new Uint8Array(w * h).fill(230);
    for (let y = 500; y < 1500; y++) for (let x = 1400; x < 1480; x++) gray[y * w + x] = 30;
    const x = toMnistInput(gray, w, h);
    const [x0, y0, x1, y1] = bbox(x);
    assert.ok(y1 - y0 + 1 >= 19 && x1 - x0 + 1 <= 4, `a tall thin bar, got box ${[x0, y0, x1, y1]}`);
  });

  it('gives finite values when the ink box does not divide evenly into 20 (56 × 51: the last row edge rounds past the box)', () => {
    const gray = new Uint8Array(56 * 56).fill(255);
    for (let y = 5; y < 56; y++) for (let x = 0; x < 56; x++) if (x < 6 || x > 49 || y < 11 || y > 49) gray[y * 56 + x] = 0; // a thick frame
    const x = toMnistInput(gray, 56, 56);
    assert.ok(x.every(Number.isFinite) && x.reduce((s, v) => s + v, 0) > 50, 'a frame, not NaN or nothing');
  });

  it('checks its arguments', () => {
    assertThrows(() => toMnistInput(new Uint8Array(10), 5, 5), ValueError, /5 × 5 needs 25 pixels, got 10/);
    assertThrows(() => toMnistInput(new Uint8Array(0), 0, 5), ValueError, /positive integers/);
    assertThrows(() => toMnistInput([1, NaN, 3, 4], 2, 2), ValueError, /gray values must be finite numbers \(0 \.\. 255\), found NaN/);
    assertThrows(() => toMnistInput(new Uint8Array(4), 2, 2, { invert: 'yes' as unknown as boolean }), ValueError, /invert must be true, false or 'auto', got yes/);
  });
});
