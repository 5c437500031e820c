/**
 * Turning any grayscale picture of a digit into an MNIST-like 28×28 input, the
 * way MNIST itself was made: ink white on black, cropped to the ink, scaled to
 * fit a 20×20 box (aspect kept), centred by mass in 28×28. Before that, the
 * paper is estimated and subtracted (background.ts), so gray or unevenly lit
 * paper and dark or light ink all give the same clean strokes, and a picture
 * without a digit says so. Pure functions, so the browser's draw-a-digit
 * canvas uses the same code.
 */
import { NoDigitError, ValueError } from '../errors/index.js';
import { fitBackground, median01 } from './background.js';
import { blur3, inkComponents, otsuThreshold } from './ink.js';

/** Options of {@link toMnistInput}. */
export interface DigitImageOptions {
  /** Whether the ink is darker than the paper (and so is inverted into MNIST's light on dark): true, false, or 'auto' (default: the side whose marks stand out more). */
  readonly invert?: boolean | 'auto';
}

/** Larger pictures are first averaged down to this longer side: plenty for a 20-pixel digit. */
const WORK_SIDE = 400;
/** Ink must differ from the paper by at least this much (15 of 255 gray levels) ... */
const MIN_CONTRAST = 15 / 255;
/** ... and by this many noise levels. */
const MIN_SNR = 4;
/** Above this noise (5 gray levels) the ink strength is averaged over 3×3 pixels first. */
const NOISY = 5 / 255;
/** Ink blobs smaller than this share of the largest are specks, not strokes. */
const SPECK = 0.08;
/** Ink strength is measured against at least this much room between paper and full black (or white). */
const MIN_ROOM = 0.05;
/** The digit's strokes must cover at least this share of the picture (and 4 pixels). */
const MIN_INK = 0.0002;

/** Area-averaging resample of the box (x0, y0, cw, ch) of `src` into tw × th. */
function resample(src: ArrayLike<number>, w: number, x0: number, y0: number, cw: number, ch: number, tw: number, th: number): Float32Array {
  const out = new Float32Array(tw * th);
  const fx = cw / tw;
  const fy = ch / th;
  for (let ty = 0; ty < th; ty++) {
    const sy0 = y0 + ty * fy;
    const sy1 = sy0 + fy;
    for (let tx = 0; tx < tw; tx++) {
      const sx0 = x0 + tx * fx;
      const sx1 = sx0 + fx;
      let sum = 0;
      // the box's edge bounds the loops: (y0 + th·fy) can round to a hair past it
      for (let y = Math.floor(sy0); y < Math.min(Math.ceil(sy1), y0 + ch); y++) {
        const wy = Math.min(y + 1, sy1) - Math.max(y, sy0);
        for (let x = Math.floor(sx0); x < Math.min(Math.ceil(sx1), x0 + cw); x++) {
          const wx = Math.min(x + 1, sx1) - Math.max(x, sx0);
          sum += src[y * w + x]! * wx * wy;
        }
      }
      out[ty * tw + tx] = sum / (fx * fy);
    }
  }
  return out;
}

/** The picture as values in [0, 1], averaged down to at most WORK_SIDE on its longer side. */
function workingPicture(gray: ArrayLike<number>, width: number, height: number): { v: Float32Array; w: number; h: number } {
  const f = Math.max(width, height) / WORK_SIDE;
  const w = f > 1 ? Math.max(1, Math.round(width / f)) : width;
  const h = f > 1 ? Math.max(1, Math.round(height / f)) : height;
  const v = f > 1 ? resample(gray, width, 0, 0, width, height, w, h) : Float32Array.from(gray);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) throw new ValueError(`toMnistInput: gray values must be finite numbers (0 .. 255), found ${v[i]}`);
    v[i] = Math.min(255, Math.max(0, v[i]!)) / 255;
  }
  return { v, w, h };
}

/**
 * Ink strength per pixel (its difference from the paper towards the ink's side,
 * over the paper's own distance from that side, so ink on a dim part of the
 * page counts as much as on a bright part), the pixels of the digit's strokes,
 * and the strength of full ink.
 */
function findInk(v: Float32Array, w: number, h: number, invert: boolean | 'auto'): { strength: Float32Array; strokes: Uint8Array; level: number } {
  const { surface, sigma } = fitBackground(v, w, h);
  let dark = 0;
  let light = 0;
  for (let i = 0; i < v.length; i++) {
    const r = v[i]! - surface[i]!;
    if (r < -3 * sigma) dark += -r - 3 * sigma;
    else if (r > 3 * sigma) light += r - 3 * sigma;
  }
  const inkIsDark = invert === 'auto' ? dark >= light : invert;
  let diff: Float32Array = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) diff[i] = Math.max(0, inkIsDark ? surface[i]! - v[i]! : v[i]! - surface[i]!);
  let noise = sigma;
  if (noise > NOISY) {
    diff = blur3(diff, w, h);
    noise /= 3;
  }
  const room = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) room[i] = Math.min(1, Math.max(MIN_ROOM, inkIsDark ? surface[i]! : 1 - surface[i]!));
  const strength = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) strength[i] = diff[i]! / room[i]!;
  const typicalRoom = median01(room);
  const threshold = Math.max(otsuThreshold(strength), (3 * noise) / typicalRoom, MIN_CONTRAST / 2 / typicalRoom);
  const mask = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) mask[i] = strength[i]! > threshold ? 1 : 0;
  const { labels, areas } = inkComponents(mask, w, h);
  const largest = areas.reduce((a, b) => Math.max(a, b), 0);
  const levels = `(the paper's noise is ${(sigma * 255).toFixed(1)} gray levels)`;
  if (largest < Math.max(4, MIN_INK * w * h)) throw new NoDigitError(`toMnistInput: no digit found: no marks stand out from the paper ${levels}`);
  const kept = areas.map((a) => a >= SPECK * largest);
  const strokes = new Uint8Array(v.length);
  const inStrokes = new Float32Array(v.length);
  const contrast = new Float32Array(v.length);
  let count = 0;
  for (let i = 0; i < v.length; i++) {
    if (labels[i]! === 0 || !kept[labels[i]!]) continue;
    strokes[i] = 1;
    inStrokes[count] = Math.min(1, strength[i]!);
    contrast[count++] = diff[i]!;
  }
  const marks = median01(contrast, count);
  if (marks < Math.max(MIN_CONTRAST, MIN_SNR * noise)) {
    throw new NoDigitError(`toMnistInput: no digit found: the marks differ from the paper by only ${(marks * 255).toFixed(0)} gray levels ${levels}`);
  }
  return { strength, strokes, level: median01(inStrokes, count) };
}

/**
 * A 28×28 MNIST-style input (784 values in [0, 1], row-major) from grayscale
 * pixels `gray` (0 .. 255, row-major, width × height). The paper is estimated
 * (a smooth surface, so gray or unevenly lit paper works) and subtracted; the
 * ink may be darker or lighter than the paper. A picture whose marks do not
 * stand out from the paper (blank, or too faint for its noise) throws
 * NoDigitError ("no digit found") rather than giving a guess something to guess at.
 *
 * @example
 * ```ts
 * import { toMnistInput } from 'scratchnet';
 * const gray = new Uint8Array(100 * 100).fill(255);          // white paper
 * for (let y = 20; y < 80; y++) gray[y * 100 + 50] = 0;      // a black vertical stroke
 * const x = toMnistInput(gray, 100, 100);                    // Float32Array(784), white on black
 * ```
 */
export function toMnistInput(gray: ArrayLike<number>, width: number, height: number, options: DigitImageOptions = {}): Float32Array {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width <= 0 || height <= 0) {
    throw new ValueError(`toMnistInput: width and height must be positive integers, got ${width} × ${height}`);
  }
  if (gray.length !== width * height) throw new ValueError(`toMnistInput: ${width} × ${height} needs ${width * height} pixels, got ${gray.length}`);
  const invert = options.invert ?? 'auto';
  if (invert !== true && invert !== false && invert !== 'auto') throw new ValueError(`toMnistInput: invert must be true, false or 'auto', got ${String(invert)}`);
  const { v, w, h } = workingPicture(gray, width, height);
  const { strength, strokes, level } = findInk(v, w, h, invert);
  // full ink is 1; the strokes keep their soft edges (one pixel around them), everything else is 0
  const ink = new Float32Array(w * h);
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!strokes[y * w + x]) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (let Y = Math.max(0, y - 1); Y <= Math.min(h - 1, y + 1); Y++)
        for (let X = Math.max(0, x - 1); X <= Math.min(w - 1, x + 1); X++) ink[Y * w + X] = Math.min(1, strength[Y * w + X]! / level);
    }
  const cw = x1 - x0 + 1;
  const ch = y1 - y0 + 1;
  // fit the longer side to 20 pixels, keeping the aspect ratio
  const scale = 20 / Math.max(cw, ch);
  const tw = Math.max(1, Math.round(cw * scale));
  const th = Math.max(1, Math.round(ch * scale));
  const box = resample(ink, w, x0, y0, cw, ch, tw, th);
  // centre of mass of the box, moved to (14, 14)
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) {
      const p = box[y * tw + x]!;
      m += p;
      mx += p * (x + 0.5);
      my += p * (y + 0.5);
    }
  const ox = Math.round(14 - mx / m);
  const oy = Math.round(14 - my / m);
  const out = new Float32Array(28 * 28);
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) {
      const X = x + ox;
      const Y = y + oy;
      if (X >= 0 && X < 28 && Y >= 0 && Y < 28) out[Y * 28 + X] = Math.min(1, box[y * tw + x]!);
    }
  return out;
}
