import { PNG } from 'pngjs';
import { FileFormatError } from '../errors/index.js';
import { readFileBytes } from './read-file.js';

/** A decoded picture as grayscale 0 .. 255 (alpha composited over white). */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly gray: Float32Array;
}

/** Reads a PNG file (any color type or bit depth pngjs supports) as grayscale. */
export function readPngGray(path: string): GrayImage {
  const bytes = readFileBytes(path);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new FileFormatError(`${path}: not a readable PNG (${(e as Error).message})`);
  }
  const { width, height, data } = png;
  const gray = new Float32Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    const r = data[4 * i]!;
    const g = data[4 * i + 1]!;
    const b = data[4 * i + 2]!;
    const a = data[4 * i + 3]! / 255;
    const lum = 0.299 * r + 0.587 * g + 0.114 * b; // ITU-R BT.601 luma
    gray[i] = a * lum + (1 - a) * 255;
  }
  return { width, height, gray };
}
