import { FileFormatError, ValueError } from '../../errors/index.js';

/** A decoded picture as grayscale 0 .. 255 (alpha composited over white). */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly gray: Float32Array;
}

/** A decoded picture as RGB 0 .. 255, three values per pixel (alpha composited over white). */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Float32Array;
}

/** Options of the image readers. */
export interface ImageReadOptions {
  /** Largest width × height accepted, checked from the header before anything is decoded (default IMAGE_MAX_PIXELS). */
  readonly maxPixels?: number;
}

/**
 * The default pixel limit: 50 megapixels, more than a 48-megapixel phone photo.
 * Decoding needs up to about 25 bytes per pixel, so the limit also bounds memory (about 1.3 GB).
 */
export const IMAGE_MAX_PIXELS = 50_000_000;

/** The limit from the options, checked: a positive whole number. */
export function maxPixelsOption(options: ImageReadOptions): number {
  const limit = options.maxPixels ?? IMAGE_MAX_PIXELS;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new ValueError(`image reader: maxPixels must be a positive whole number, got ${limit}`);
  return limit;
}

const mp = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} megapixels` : `${n} pixels`);

/** Refuses a width × height above the limit, before any pixel is decoded. */
export function checkPixelCount(name: string, format: string, width: number, height: number, maxPixels: number): void {
  if (width * height <= maxPixels) return;
  throw new FileFormatError(
    `${name}: the ${format} header declares ${width} × ${height} pixels (${mp(width * height)}), above the limit of ${mp(maxPixels)}; ` +
      'if the image is genuine, raise the limit with the maxPixels option (scratchnet predict --max-pixels N)',
  );
}

/** ITU-R BT.601 luma of r, g, b and alpha a (all 0 .. 1 scaled to 0 .. 255 for the colours), composited over white. */
export function grayOverWhite(r: number, g: number, b: number, a: number): number {
  return a * (0.299 * r + 0.587 * g + 0.114 * b) + (1 - a) * 255;
}
