/**
 * What a file is, from its first bytes: PNG and JPEG are read; every other
 * common kind is named, so the error can say "this is a GIF" rather than
 * "corrupt PNG".
 */

/** The image formats that are decoded. */
export type ImageKind = 'png' | 'jpeg';

const ascii = (b: Uint8Array, at: number, text: string) => [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

/** Signatures of what people try to open as an image, each with its name. */
const OTHERS: readonly [test: (b: Uint8Array) => boolean, name: string][] = [
  [(b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'), 'a GIF image'],
  [(b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP'), 'a WebP image'],
  [(b) => ascii(b, 0, 'BM') && b.length >= 26 && b[6] === 0 && b[7] === 0 && b[8] === 0 && b[9] === 0, 'a BMP image'],
  [(b) => ascii(b, 0, 'II*\0') || ascii(b, 0, 'MM\0*'), 'a TIFF image'],
  [(b) => ascii(b, 4, 'ftypheic') || ascii(b, 4, 'ftypheix') || ascii(b, 4, 'ftypmif1') || ascii(b, 4, 'ftyphevc'), 'a HEIC image (an iPhone photo)'],
  [(b) => ascii(b, 4, 'ftypavif'), 'an AVIF image'],
  [(b) => (b[0] === 0xff && b[1] === 0x0a) || ascii(b, 4, 'JXL '), 'a JPEG XL image'],
  [(b) => ascii(b, 4, 'jP  '), 'a JPEG 2000 image'],
  [(b) => ascii(b, 0, 'qoif'), 'a QOI image'],
  [(b) => ascii(b, 0, '8BPS'), 'a Photoshop (PSD) file'],
  [(b) => b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0, 'an ICO icon'],
  [(b) => ascii(b, 0, '%PDF'), 'a PDF document'],
  [(b) => ascii(b, 0, 'PK\x03\x04'), 'a ZIP archive'],
  [(b) => b[0] === 0x1f && b[1] === 0x8b, 'a gzip archive'],
  [(b) => b.length > 10 && b[8] === 0x7b && b[9] === 0x22 && b[6] === 0 && b[7] === 0, 'a safetensors file (a model, not an image)'],
  [(b) => /^\s*(<\?xml[^>]*>\s*)?<svg/i.test(new TextDecoder().decode(b.subarray(0, 256))), 'an SVG drawing'],
];

/** 'png' or 'jpeg' when the magic bytes say so, else a description of what the bytes are ("a GIF image", "empty (0 bytes)", ...). */
export function sniffImage(bytes: Uint8Array): { kind: ImageKind } | { other: string } {
  if (bytes.length === 0) return { other: 'the file is empty (0 bytes)' };
  if (bytes[0] === 0x89 && ascii(bytes, 1, 'PNG')) {
    if (ascii(bytes, 4, '\r\n\x1a\n')) return { kind: 'png' };
    return { other: 'a PNG whose 8-byte signature is damaged (a transfer in text mode changes line endings; copy the file as binary)' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { kind: 'jpeg' };
  for (const [test, name] of OTHERS) if (test(bytes)) return { other: `this is ${name}` };
  const head = bytes.subarray(0, 64);
  if (head.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127))) return { other: 'this is text, not an image' };
  const hex = [...bytes.subarray(0, 8)].map((c) => c.toString(16).padStart(2, '0')).join(' ');
  return { other: `unknown content (first bytes ${hex})` };
}
