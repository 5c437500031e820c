/**
 * "Photos" of MNIST digits, to measure how `predict` copes with real input: a
 * 28×28 digit drawn large onto paper that is gray, unevenly lit, noisy or dark,
 * with a thicker or thinner pen, off-centre, small or large, or JPEG-compressed.
 * Every random choice comes from the Rng passed in.
 *
 * @example
 * ```ts
 * import { Rng, digitPhoto, loadMnist } from 'scratchnet';
 * const { test } = loadMnist({ testLimit: 1 });
 * const photo = digitPhoto(test.images.data.subarray(0, 784), 'gradient', new Rng(0));  // { width, height, gray }
 * ```
 */
import { ValueError } from '../errors/index.js';
import type { GrayImage } from '../formats/image/index.js';
import type { Rng } from '../random/index.js';

/** The kinds of photo {@link digitPhoto} makes. */
export const PHOTO_KINDS = [
  'clean', 'gray-paper', 'gradient', 'noise', 'low-contrast', 'light-on-dark', 'thick-pen', 'thin-pen', 'off-centre', 'small', 'large', 'jpeg', 'everything',
] as const;

/** One of {@link PHOTO_KINDS}. */
export type PhotoKind = (typeof PHOTO_KINDS)[number];

/** What each kind is, for tables. */
export const PHOTO_KIND_NOTES: Readonly<Record<PhotoKind, string>> = {
  clean: 'black pen on white paper, 4× size',
  'gray-paper': 'dark ink on mid-gray paper',
  gradient: 'paper lit unevenly: a linear gradient from dark to light',
  noise: 'strong sensor noise (σ = 30 gray levels)',
  'low-contrast': 'gray pencil on light paper (contrast 70 levels)',
  'light-on-dark': 'chalk on a blackboard',
  'thick-pen': 'a marker: strokes dilated by 3 pixels',
  'thin-pen': 'a fine pen: strokes eroded by 2 pixels',
  'off-centre': 'digit in a corner of a wide picture',
  small: 'digit 42 pixels tall in 200 × 200',
  large: 'digit filling the picture',
  jpeg: 'gray paper and noise, JPEG quality 25-50',
  everything: 'gradient, noise, off-centre, pen width and JPEG together',
};

interface Scene {
  width: number;
  height: number;
  scale: number;
  x: number;
  y: number;
  pen: number; // > 0 dilate, < 0 erode, by this radius in pixels
  paper: (x: number, y: number) => number;
  ink: number;
  noise: number;
  jpegQuality: number; // 0: none
}

/** Bilinear sample of the 28×28 digit at (u, v) in digit pixels (centres at i + 0.5). */
function sample(d: ArrayLike<number>, u: number, v: number): number {
  const x = u - 0.5;
  const y = v - 0.5;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const at = (i: number, j: number) => (i >= 0 && i < 28 && j >= 0 && j < 28 ? d[j * 28 + i]! : 0);
  const fx = x - x0;
  const fy = y - y0;
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

/** Grayscale max (dilate, r > 0) or min (erode, r < 0) over a disc of radius |r|. */
function morph(m: Float32Array, w: number, h: number, r: number): Float32Array {
  const out = new Float32Array(m.length);
  const R = Math.abs(r);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = r > 0 ? 0 : 1;
      for (let dy = -R; dy <= R; dy++)
        for (let dx = -R; dx <= R; dx++) {
          if (dx * dx + dy * dy > R * R) continue;
          const X = x + dx;
          const Y = y + dy;
          const p = X >= 0 && X < w && Y >= 0 && Y < h ? m[Y * w + X]! : 0;
          v = r > 0 ? Math.max(v, p) : Math.min(v, p);
        }
      out[y * w + x] = v;
    }
  return out;
}

function scene(kind: PhotoKind, rng: Rng): Scene {
  const s: Scene = { width: 160, height: 160, scale: 4, x: 24 + rng.int(17) - 8, y: 24 + rng.int(17) - 8, pen: 0, paper: () => 255, ink: 0, noise: 0, jpegQuality: 0 };
  const gradient = (lo: number, hi: number) => {
    const a = rng.uniform(0, 2 * Math.PI);
    const [cx, cy] = [Math.cos(a), Math.sin(a)];
    const span = Math.abs(cx) * s.width + Math.abs(cy) * s.height;
    const start = Math.min(0, cx * s.width) + Math.min(0, cy * s.height);
    return (x: number, y: number) => lo + ((hi - lo) * (x * cx + y * cy - start)) / span;
  };
  const corner = () => {
    Object.assign(s, { width: 240, height: 180, scale: 3 });
    s.x = rng.int(2) ? 4 + rng.int(8) : 240 - 84 - 4 - rng.int(8);
    s.y = rng.int(2) ? 4 + rng.int(8) : 180 - 84 - 4 - rng.int(8);
  };
  switch (kind) {
    case 'clean':
      break;
    case 'gray-paper': {
      const p = rng.uniform(150, 190);
      s.paper = () => p;
      s.ink = rng.uniform(25, 60);
      break;
    }
    case 'gradient':
      s.paper = gradient(rng.uniform(60, 100), rng.uniform(220, 255));
      s.ink = rng.uniform(15, 35);
      s.noise = 4;
      break;
    case 'noise':
      s.paper = () => 225;
      s.ink = 40;
      s.noise = 30;
      break;
    case 'low-contrast':
      s.paper = () => 215;
      s.ink = 145;
      s.noise = 3;
      break;
    case 'light-on-dark': {
      const p = rng.uniform(20, 60);
      s.paper = () => p;
      s.ink = rng.uniform(200, 240);
      s.noise = 6;
      break;
    }
    case 'thick-pen':
      s.pen = 3;
      break;
    case 'thin-pen':
      s.pen = -2;
      break;
    case 'off-centre':
      corner();
      break;
    case 'small':
      Object.assign(s, { width: 200, height: 200, scale: 1.5, x: 10 + rng.int(140), y: 10 + rng.int(140) });
      break;
    case 'large':
      Object.assign(s, { width: 200, height: 200, scale: 7, x: 2, y: 2 });
      break;
    case 'jpeg': {
      const p = rng.uniform(160, 200);
      s.paper = () => p;
      s.ink = rng.uniform(30, 60);
      s.noise = 10;
      s.jpegQuality = 25 + rng.int(26);
      break;
    }
    case 'everything':
      corner();
      s.paper = gradient(rng.uniform(80, 120), rng.uniform(200, 240));
      s.ink = rng.uniform(15, 40);
      s.noise = 12;
      s.pen = [-1, 0, 2][rng.int(3)]!;
      s.jpegQuality = 40 + rng.int(31);
      break;
  }
  return s;
}

/**
 * A photo-like grayscale picture (0 .. 255) of `digit`, 784 values in [0, 1]
 * as MNIST stores them (white digit on black), made as `kind` describes.
 */
export function digitPhoto(digit: ArrayLike<number>, kind: PhotoKind, rng: Rng): GrayImage {
  if (digit.length !== 784) throw new ValueError(`digitPhoto: expected a 28×28 digit (784 values), got ${digit.length}`);
  if (!PHOTO_KINDS.includes(kind)) throw new ValueError(`digitPhoto: unknown kind '${kind}' (use one of ${PHOTO_KINDS.join(', ')})`);
  const s = scene(kind, rng);
  const { width: w, height: h } = s;
  let m: Float32Array = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[y * w + x] = sample(digit, (x + 0.5 - s.x) / s.scale, (y + 0.5 - s.y) / s.scale);
  if (s.pen !== 0) m = morph(m, w, h, s.pen);
  const gray = new Float32Array(w * h);
  for (let y = 0, i = 0; y < h; y++)
    for (let x = 0; x < w; x++, i++) {
      const p = s.paper(x, y);
      gray[i] = Math.min(255, Math.max(0, p + (s.ink - p) * m[i]! + (s.noise > 0 ? s.noise * rng.normal() : 0)));
    }
  return { width: w, height: h, gray: s.jpegQuality > 0 ? jpegLoss(gray, w, h, s.jpegQuality) : gray };
}

/** The JPEG standard's luminance quantization table (Annex K), in row-major order. */
const LUMA_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

const COS = Float64Array.from({ length: 64 }, (_, i) => {
  const [x, u] = [i >> 3, i & 7];
  return (u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16) / 2;
});

/**
 * What baseline JPEG at `quality` (1-100, the IJG scaling) does to a grayscale
 * picture: 8×8 blocks (edges repeated), DCT, coefficients rounded to the
 * quantization table, and back. Entropy coding, the rest of JPEG, is lossless.
 */
export function jpegLoss(gray: Float32Array, w: number, h: number, quality: number): Float32Array {
  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - 2 * quality;
  const q = LUMA_QUANT.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
  const out = new Float32Array(w * h);
  const block = new Float64Array(64);
  const coef = new Float64Array(64);
  const tmp = new Float64Array(64);
  for (let by = 0; by < h; by += 8)
    for (let bx = 0; bx < w; bx += 8) {
      for (let i = 0; i < 64; i++) block[i] = Math.round(gray[Math.min(h - 1, by + (i >> 3)) * w + Math.min(w - 1, bx + (i & 7))]!) - 128;
      // forward DCT, rows then columns (COS[x * 8 + u] = C(u)/2 · cos((2x + 1)uπ/16)), rounded to the table; then back
      for (let y = 0; y < 8; y++)
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let x = 0; x < 8; x++) s += block[y * 8 + x]! * COS[x * 8 + u]!;
          tmp[y * 8 + u] = s;
        }
      for (let v = 0; v < 8; v++)
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let y = 0; y < 8; y++) s += tmp[y * 8 + u]! * COS[y * 8 + v]!;
          coef[v * 8 + u] = Math.round(s / q[v * 8 + u]!) * q[v * 8 + u]!;
        }
      for (let v = 0; v < 8; v++)
        for (let x = 0; x < 8; x++) {
          let s = 0;
          for (let u = 0; u < 8; u++) s += coef[v * 8 + u]! * COS[x * 8 + u]!;
          tmp[v * 8 + x] = s;
        }
      for (let y = 0; y < 8 && by + y < h; y++)
        for (let x = 0; x < 8 && bx + x < w; x++) {
          let s = 0;
          for (let v = 0; v < 8; v++) s += tmp[v * 8 + x]! * COS[y * 8 + v]!;
          out[(by + y) * w + bx + x] = Math.min(255, Math.max(0, Math.round(s + 128)));
        }
    }
  return out;
}
