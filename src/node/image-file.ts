import { statSync } from 'node:fs';
import { FileFormatError } from '../errors/index.js';
import { decodeImageGray, type GrayImage, type ImageReadOptions } from '../formats/image/index.js';
import { maxPixelsOption } from '../formats/image/gray-image.js';
import { readFileBytes } from './read-file.js';

/** Bytes per pixel a PNG or JPEG needs at most (16-bit RGBA stored uncompressed), plus room for metadata. */
const FILE_BYTES_PER_PIXEL = 10;
const METADATA_BYTES = 16 * 2 ** 20;

/**
 * Reads a PNG or JPEG file as grayscale 0 .. 255 (alpha over white). The file's
 * size and the header's width × height are checked against `maxPixels`
 * (default IMAGE_MAX_PIXELS) before the pixels are decoded.
 */
export function readImageGray(path: string, options: ImageReadOptions = {}): GrayImage {
  const maxPixels = maxPixelsOption(options);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new FileFormatError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const limit = maxPixels * FILE_BYTES_PER_PIXEL + METADATA_BYTES;
  if (size > limit) {
    throw new FileFormatError(`${path}: the file holds ${size} bytes, more than any ${maxPixels}-pixel PNG or JPEG needs (${limit}); if the image is genuine, raise the limit with the maxPixels option (scratchnet predict --max-pixels N)`);
  }
  return decodeImageGray(readFileBytes(path), { maxPixels, name: path });
}

/** The former name of readImageGray, from when only PNG was read. */
export const readPngGray = readImageGray;
