/**
 * Image bytes to grayscale, in any JavaScript runtime: the format is taken
 * from the magic bytes (PNG and JPEG are decoded, anything else is named),
 * and width × height is checked against a pixel limit before decoding.
 *
 * @example
 * ```ts
 * import { FileFormatError, decodeImageGray } from 'scratchnet';
 * const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAMAAAABCAAAAAA+i0toAAAADElEQVR4XmNgaPgPAAIDAYDdpGAmAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0));
 * const img = decodeImageGray(png, { name: 'ramp.png' });   // { width: 3, height: 1, gray: Float32Array [0, 128, 255] }
 * try {
 *   decodeImageGray(new TextEncoder().encode('GIF89a...'), { name: 'anim.png' });
 * } catch (e) {
 *   if (e instanceof FileFormatError) console.log(e.message); // anim.png: not a readable PNG or JPEG image: this is a GIF image; ...
 * }
 * ```
 */
import { FileFormatError } from '../../errors/index.js';
import { maxPixelsOption, type GrayImage, type ImageReadOptions, type RgbImage } from './gray-image.js';
import { decodeJpegGray, decodeJpegRgb } from './jpeg.js';
import { decodePngGray, decodePngRgb } from './png.js';
import { sniffImage } from './sniff.js';

export { IMAGE_MAX_PIXELS, type GrayImage, type RgbImage, type ImageReadOptions } from './gray-image.js';
export { sniffImage, type ImageKind } from './sniff.js';

/** Options of {@link decodeImageGray}: the pixel limit, and the name messages give the image. */
export interface ImageDecodeOptions extends ImageReadOptions {
  /** How messages name the image (a file name; default "image"). */
  readonly name?: string;
}

/** PNG or JPEG bytes (told apart by their magic bytes) to grayscale 0 .. 255, alpha over white. */
export function decodeImageGray(bytes: Uint8Array, options: ImageDecodeOptions = {}): GrayImage {
  const name = options.name ?? 'image';
  const maxPixels = maxPixelsOption(options);
  const sniffed = sniffImage(bytes);
  if ('other' in sniffed) throw new FileFormatError(`${name}: not a readable PNG or JPEG image: ${sniffed.other}${bytes.length > 0 ? '; convert it to PNG or JPEG' : ''}`);
  return sniffed.kind === 'png' ? decodePngGray(bytes, name, maxPixels) : decodeJpegGray(bytes, name, maxPixels);
}

/**
 * PNG or JPEG bytes to RGB 0 .. 255 (three values per pixel, alpha over white),
 * with the same checks and pixel limit as {@link decodeImageGray}.
 *
 * @example
 * ```ts
 * import { decodeImageRgb } from 'scratchnet';
 * const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAMAAAABCAAAAAA+i0toAAAADElEQVR4XmNgaPgPAAIDAYDdpGAmAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0));
 * const img = decodeImageRgb(png, { name: 'ramp.png' }); // { width: 3, height: 1, rgb: Float32Array [0, 0, 0, 128, 128, 128, 255, 255, 255] }
 * ```
 */
export function decodeImageRgb(bytes: Uint8Array, options: ImageDecodeOptions = {}): RgbImage {
  const name = options.name ?? 'image';
  const maxPixels = maxPixelsOption(options);
  const sniffed = sniffImage(bytes);
  if ('other' in sniffed) throw new FileFormatError(`${name}: not a readable PNG or JPEG image: ${sniffed.other}${bytes.length > 0 ? '; convert it to PNG or JPEG' : ''}`);
  return sniffed.kind === 'png' ? decodePngRgb(bytes, name, maxPixels) : decodeJpegRgb(bytes, name, maxPixels);
}
