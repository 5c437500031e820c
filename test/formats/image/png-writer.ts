/**
 * A small PNG writer for tests, independent of the decoder under test: every
 * colour type and bit depth, Adam7, all five filter types (row r uses filter
 * r mod 5), palettes, tRNS, extra chunks, and hooks to damage the result.
 */
import { deflateSync } from 'node:zlib';

export interface RawPng {
  readonly width: number;
  readonly height: number;
  readonly depth: 1 | 2 | 4 | 8 | 16;
  readonly colorType: 0 | 2 | 3 | 4 | 6;
  readonly interlace?: 0 | 1;
  /** width × height × channels samples, row-major, each 0 .. 2^depth − 1. */
  readonly samples: ArrayLike<number>;
  readonly palette?: readonly (readonly [number, number, number])[];
  readonly trns?: readonly number[];
  /** Chunks placed before the first IDAT. */
  readonly extra?: readonly { type: string; data: Uint8Array }[];
  /** Split the compressed data into IDAT chunks of this many bytes (default: one chunk). */
  readonly idatSize?: number;
  /** Replace the compressed pixel data (after it is made). */
  readonly mapIdat?: (z: Uint8Array) => Uint8Array;
}

export const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)) >>> 0;
  return (c ^ 0xffffffff) >>> 0;
}

export function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): Uint8Array {
  const d = new Uint8Array(13);
  const v = new DataView(d.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  d.set([depth, colorType, 0, 0, interlace], 8);
  return chunk('IHDR', d);
}

export const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One row of samples packed at the bit depth, big-endian for 16 bits. */
function packRow(samples: readonly number[], depth: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((samples.length * depth) / 8));
  samples.forEach((s, i) => {
    if (depth === 16) [out[2 * i], out[2 * i + 1]] = [s >> 8, s & 255];
    else if (depth === 8) out[i] = s;
    else out[(i * depth) >> 3]! |= s << (8 - depth - ((i * depth) & 7));
  });
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filters packed rows (row r with type r mod 5), each prefixed with its type byte. */
function filterRows(rows: readonly Uint8Array[], bpp: number): Uint8Array[] {
  return rows.map((row, r) => {
    const type = r % 5;
    const prev = r > 0 ? rows[r - 1]! : new Uint8Array(row.length);
    const out = new Uint8Array(row.length + 1);
    out[0] = type;
    for (let i = 0; i < row.length; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type]!;
      out[i + 1] = (row[i]! - pred) & 255;
    }
    return out;
  });
}

const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

/** The raw (uncompressed) scanlines of an image. */
export function scanlines(p: RawPng): Uint8Array {
  const c = CHANNELS[p.colorType];
  const bpp = Math.max(1, (c * p.depth) / 8);
  const rowsOf = (xs: readonly number[], ys: readonly number[]) =>
    ys.map((y) => packRow(xs.flatMap((x) => Array.from({ length: c }, (_, k) => p.samples[(y * p.width + x) * c + k]!)), p.depth));
  const range = (from: number, to: number, step: number) => Array.from({ length: Math.max(0, Math.ceil((to - from) / step)) }, (_, i) => from + i * step);
  const passes = p.interlace === 1 ? ADAM7 : [[0, 0, 1, 1] as const];
  const parts: Uint8Array[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const xs = range(x0, p.width, dx);
    const ys = range(y0, p.height, dy);
    if (xs.length > 0 && ys.length > 0) parts.push(...filterRows(rowsOf(xs, ys), bpp));
  }
  return concat(parts);
}

export function encodeRawPng(p: RawPng): Uint8Array {
  let z: Uint8Array = deflateSync(scanlines(p));
  if (p.mapIdat) z = p.mapIdat(z);
  const size = p.idatSize ?? Math.max(1, z.length);
  const idats: Uint8Array[] = [];
  for (let i = 0; i < z.length || i === 0; i += size) idats.push(chunk('IDAT', z.subarray(i, i + size)));
  return concat([
    SIGNATURE,
    ihdr(p.width, p.height, p.depth, p.colorType, p.interlace ?? 0),
    ...(p.extra ?? []).map((e) => chunk(e.type, e.data)),
    ...(p.palette ? [chunk('PLTE', Uint8Array.from(p.palette.flat()))] : []),
    ...(p.trns ? [chunk('tRNS', p.colorType === 3 ? Uint8Array.from(p.trns) : concat(p.trns.map((t) => Uint8Array.from([t >> 8, t & 255]))))] : []),
    ...idats,
    chunk('IEND', new Uint8Array(0)),
  ]);
}
