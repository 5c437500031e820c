/**
 * Turning any grayscale picture of a digit into an MNIST-like 28×28 input, the
 * way MNIST itself was made: ink white on black, cropped to the ink, scaled to
 * fit a 20×20 box (aspect kept), centred by mass in 28×28. Pure functions, so
 * the browser's draw-a-digit canvas uses the same code.
 */
import { ValueError } from '../errors/index.js';

/** Options of {@link toMnistInput}. */
export interface DigitImageOptions {
  /** Invert (dark ink on light paper → MNIST's light on dark): true, false, or 'auto' (default: invert when the border is light). */
  readonly invert?: boolean | 'auto';
}

/** Mean of the outermost rows and columns, in [0, 1]. */
function borderMean(v: Float32Array, w: number, h: number): number {
  let s = 0;
  let n = 0;
  for (let x = 0; x < w; x++) {
    s += v[x]! + v[(h - 1) * w + x]!;
    n += 2;
  }
  for (let y = 1; y < h - 1; y++) {
    s += v[y * w]! + v[y * w + w - 1]!;
    n += 2;
  }
  return s / n;
}

/** Area-averaging resample of the box (x0, y0, cw, ch) of `src` into tw × th. */
function resample(src: Float32Array, w: number, x0: number, y0: number, cw: number, ch: number, tw: number, th: number): Float32Array {
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
      for (let y = Math.floor(sy0); y < Math.ceil(sy1); y++) {
        const wy = Math.min(y + 1, sy1) - Math.max(y, sy0);
        for (let x = Math.floor(sx0); x < Math.ceil(sx1); x++) {
          const wx = Math.min(x + 1, sx1) - Math.max(x, sx0);
          sum += src[y * w + x]! * wx * wy;
        }
      }
      out[ty * tw + tx] = sum / (fx * fy);
    }
  }
  return out;
}

/**
 * A 28×28 MNIST-style input (784 values in [0, 1], row-major) from grayscale
 * pixels `gray` (0 .. 255, row-major, width × height). An image with no ink
 * gives all zeros.
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
  const v = new Float32Array(width * height);
  for (let i = 0; i < v.length; i++) v[i] = Math.min(255, Math.max(0, gray[i]!)) / 255;
  const invert = options.invert ?? 'auto';
  if (invert === true || (invert === 'auto' && borderMean(v, width, height) > 0.5)) {
    for (let i = 0; i < v.length; i++) v[i] = 1 - v[i]!;
  }
  // crop to the ink
  const ink = 0.2;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (v[y * width + x]! > ink) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  const out = new Float32Array(28 * 28);
  if (x1 < 0) return out;
  const cw = x1 - x0 + 1;
  const ch = y1 - y0 + 1;
  // fit the longer side to 20 pixels, keeping the aspect ratio
  const scale = 20 / Math.max(cw, ch);
  const tw = Math.max(1, Math.round(cw * scale));
  const th = Math.max(1, Math.round(ch * scale));
  const box = resample(v, width, x0, y0, cw, ch, tw, th);
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
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) {
      const X = x + ox;
      const Y = y + oy;
      if (X >= 0 && X < 28 && Y >= 0 && Y < 28) out[Y * 28 + X] = Math.min(1, box[y * tw + x]!);
    }
  return out;
}
