/**
 * PNG to grayscale. Our own pass checks what a hostile file could abuse: the
 * chunk layout and CRCs, the header (size checked against the pixel limit
 * first), the palette and transparency, and the compressed pixel data, which
 * is inflated in slices and counted without being kept, so it must hold
 * exactly the bytes the header calls for. Only then does fast-png (pure
 * JavaScript, browser-safe) decode, from a copy holding just the chunks it
 * needs, so it never inflates anything unchecked (a compressed colour profile,
 * say).
 */
import { decode, type DecodedPng } from 'fast-png';
import { Unzlib } from 'fflate';
import { FileFormatError } from '../../errors/index.js';
import { checkPixelCount, grayOverWhite, type GrayImage, type RgbImage } from './gray-image.js';

/** Samples per pixel and the bit depths allowed, per colour type (PNG specification, table 11.1). */
const COLOR_TYPES: Readonly<Record<number, { name: string; channels: number; depths: readonly number[] }>> = {
  0: { name: 'grayscale', channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: 'RGB', channels: 3, depths: [8, 16] },
  3: { name: 'palette', channels: 1, depths: [1, 2, 4, 8] },
  4: { name: 'grayscale + alpha', channels: 2, depths: [8, 16] },
  6: { name: 'RGBA', channels: 4, depths: [8, 16] },
};

/** Adam7: each pass's first column and row, and its steps. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

/** Deflate expands at most ~1032×: slices of the compressed data keep each push's output near the size expected. */
const inflateSlice = (expected: number) => Math.min(65536, Math.max(512, Math.ceil(expected / 1032)));

interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly colorType: number;
  readonly channels: number;
  readonly interlaced: boolean;
}

interface PngLayout {
  readonly header: PngHeader;
  /** Signature and the chunks the decoder needs (IHDR, PLTE, palette tRNS, the IDAT when there is one, IEND). */
  readonly kept: readonly Uint8Array[];
  readonly dropped: boolean;
  /** The compressed pixel data, the IDAT chunks' contents joined. */
  readonly idat: Uint8Array;
  /** A grayscale or RGB image's transparent colour (tRNS), applied here rather than by fast-png. */
  readonly key: readonly number[] | null;
}

type Fail = (what: string) => FileFormatError;

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(b: Uint8Array, start: number, end: number): number {
  let c = -1;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

function readHeader(d: Uint8Array, fail: Fail): PngHeader {
  if (d.length !== 13) throw fail(`IHDR holds ${d.length} bytes, expected 13`);
  const width = u32(d, 0);
  const height = u32(d, 4);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) throw fail(`IHDR declares ${width} × ${height} pixels; each side must be 1 to 2^31 − 1`);
  const [depth, colorType, compression, filter, interlace] = [d[8]!, d[9]!, d[10]!, d[11]!, d[12]!];
  const ct = COLOR_TYPES[colorType];
  if (ct === undefined) throw fail(`IHDR colour type ${colorType} is not one of 0, 2, 3, 4, 6`);
  if (!ct.depths.includes(depth)) throw fail(`IHDR bit depth ${depth} is not allowed for ${ct.name} (allowed: ${ct.depths.join(', ')})`);
  if (compression !== 0) throw fail(`IHDR compression method ${compression}, expected 0 (deflate)`);
  if (filter !== 0) throw fail(`IHDR filter method ${filter}, expected 0`);
  if (interlace > 1) throw fail(`IHDR interlace method ${interlace}, expected 0 (none) or 1 (Adam7)`);
  // fast-png 8 lays out interlaced 1-, 2- and 4-bit rows as whole bytes per pixel, so it would misread them
  if (interlace === 1 && depth < 8) throw fail(`an interlaced ${ct.name} PNG with ${depth}-bit samples is not supported; save it without interlacing`);
  return { width, height, depth, colorType, channels: ct.channels, interlaced: interlace === 1 };
}

/** Walks the chunks: lengths within the file, CRCs, IHDR first (and the pixel limit right then), PLTE/tRNS/IDAT in order, IEND. */
function readLayout(bytes: Uint8Array, name: string, maxPixels: number, fail: Fail): PngLayout {
  let at = 8;
  let header: PngHeader | null = null;
  let paletteSize = 0;
  let trns = false;
  let key: number[] | null = null;
  let idatAt = 0;
  let idatState: 'before' | 'in' | 'after' = 'before';
  let dropped = false;
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  const idat: Uint8Array[] = [];
  for (;;) {
    if (at + 12 > bytes.length) throw fail(at === bytes.length ? `the file ends after ${at} bytes without an IEND chunk (truncated)` : `the chunk at byte ${at} is cut off (truncated file)`);
    const length = u32(bytes, at);
    const typeBytes = bytes.subarray(at + 4, at + 8);
    if (!typeBytes.every((c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) throw fail(`the chunk at byte ${at} has no valid type (bytes ${[...typeBytes].join(' ')}); the file is damaged`);
    const type = String.fromCharCode(...typeBytes);
    if (length > 0x7fffffff) throw fail(`chunk ${type} at byte ${at} declares ${length} bytes, above the PNG maximum of 2^31 − 1`);
    if (at + 12 + length > bytes.length) throw fail(`chunk ${type} at byte ${at} declares ${length} bytes but only ${bytes.length - at - 12} follow (truncated file)`);
    if (crc32(bytes, at + 4, at + 8 + length) !== u32(bytes, at + 8 + length)) throw fail(`CRC mismatch in chunk ${type} at byte ${at}; the file is damaged`);
    const data = bytes.subarray(at + 8, at + 8 + length);
    const whole = bytes.subarray(at, at + 12 + length);
    if (header === null && type !== 'IHDR') throw fail(`the first chunk is ${type}, expected IHDR`);
    if (idatState === 'in' && type !== 'IDAT') idatState = 'after';
    const h: PngHeader = header ?? readHeader(data, fail);
    switch (type) {
      case 'IHDR':
        if (header !== null) throw fail(`a second IHDR chunk at byte ${at}`);
        checkPixelCount(name, 'PNG', h.width, h.height, maxPixels);
        header = h;
        kept.push(whole);
        break;
      case 'PLTE':
        if (idatState !== 'before') throw fail('the PLTE chunk comes after the pixel data');
        if (paletteSize > 0) throw fail('a second PLTE chunk');
        if (h.colorType === 0 || h.colorType === 4) throw fail(`a PLTE chunk in a ${COLOR_TYPES[h.colorType]!.name} image`);
        if (length === 0 || length % 3 !== 0 || length > 768) throw fail(`PLTE holds ${length} bytes, expected 3 to 768 in steps of 3`);
        paletteSize = length / 3;
        if (h.colorType === 3 && paletteSize > 2 ** h.depth) throw fail(`PLTE has ${paletteSize} colours, more than ${h.depth}-bit indices reach`);
        if (h.colorType === 3) kept.push(whole);
        else dropped = true; // a suggested palette for an RGB image: not needed to decode it
        break;
      case 'tRNS': {
        if (idatState !== 'before') throw fail('the tRNS chunk comes after the pixel data');
        if (trns) throw fail('a second tRNS chunk');
        const expected = h.colorType === 0 ? 2 : h.colorType === 2 ? 6 : -1;
        if (h.colorType === 4 || h.colorType === 6) throw fail(`a tRNS chunk in a ${COLOR_TYPES[h.colorType]!.name} image, which has its own alpha`);
        if (h.colorType === 3 && paletteSize === 0) throw fail('the tRNS chunk comes before PLTE');
        if (h.colorType === 3 ? length < 1 || length > paletteSize : length !== expected) {
          throw fail(`tRNS holds ${length} bytes, expected ${h.colorType === 3 ? `1 to ${paletteSize} (one per palette colour)` : expected}`);
        }
        trns = true;
        // fast-png 8 counts an RGB key's three samples as three pixels' and refuses a key in a 1- or 2-pixel image
        if (h.colorType === 3) kept.push(whole);
        else [key, dropped] = [Array.from({ length: length / 2 }, (_, i) => (data[2 * i]! << 8) | data[2 * i + 1]!), true];
        break;
      }
      case 'IDAT':
        if (idatState === 'before') idatAt = at;
        if (idatState === 'after') throw fail(`IDAT chunks are not consecutive (another at byte ${at})`);
        if (h.colorType === 3 && paletteSize === 0) throw fail('a palette image without a PLTE chunk before its pixel data');
        idatState = 'in';
        idat.push(data);
        break;
      case 'IEND':
        if (idatState === 'before') throw fail('no IDAT chunk: the image has no pixel data');
        // one IDAT for the decoder: inflating costs a 32 KB window copy per chunk, so 100,000 tiny chunks would churn gigabytes
        if (idat.length === 1) kept.push(bytes.subarray(idatAt, idatAt + 12 + idat[0]!.length));
        kept.push(whole);
        return { header: h, kept, dropped: dropped || idat.length > 1, idat: idat.length === 1 ? idat[0]! : concat(idat), key };
      default:
        // an unknown critical chunk (upper-case first letter) changes how pixels read; ancillary ones (text, colour profiles, ...) do not
        if (!(typeBytes[0]! & 0x20)) throw fail(`unknown critical chunk ${type} at byte ${at}`);
        dropped = true;
    }
    at += 12 + length;
  }
}

/**
 * Inflates the IDAT stream in slices, keeping nothing: it must hold exactly the
 * rows the header calls for (one filter byte of 0-4 each), no more, no less.
 */
function checkPixelData(layout: PngLayout, fail: Fail): void {
  const { width, height, depth, channels, interlaced } = layout.header;
  const rows: [count: number, bytes: number][] = [];
  for (const [x0, y0, dx, dy] of interlaced ? ADAM7 : [[0, 0, 1, 1] as const]) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) rows.push([h, 1 + Math.ceil((w * channels * depth) / 8)]);
  }
  const expected = rows.reduce((s, [h, b]) => s + h * b, 0);
  let seen = 0;
  let nextRow = 0; // offset of the next row's filter byte
  let pass = 0;
  let row = 0;
  const inflater = new Unzlib((chunk) => {
    const end = seen + chunk.length;
    if (end > expected) throw fail(`the compressed pixel data holds more than the ${expected} bytes that ${width} × ${height} pixels need`);
    while (nextRow < end) {
      const filter = chunk[nextRow - seen]!;
      if (filter > 4) throw fail(`row ${row}${interlaced ? ` of interlace pass ${pass + 1}` : ''} has filter type ${filter}; valid types are 0 to 4`);
      nextRow += rows[pass]![1];
      if (++row === rows[pass]![0]) [pass, row] = [pass + 1, 0];
    }
    seen = end;
  });
  try {
    const slice = inflateSlice(expected);
    for (let i = 0; i < layout.idat.length; i += slice) inflater.push(layout.idat.subarray(i, i + slice));
    inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof FileFormatError) throw e;
    throw fail(`the compressed pixel data is corrupt or cut off (inflate: ${(e as Error).message})`);
  }
  if (seen < expected) throw fail(`truncated pixel data: ${seen} of the ${expected} bytes that ${width} × ${height} pixels need`);
}

/** Grayscale 0 .. 255 of fast-png's samples, with tRNS and alpha composited over white. */
function toGray(png: DecodedPng, h: PngHeader, transparent: readonly number[] | null, fail: Fail): Float32Array {
  const { width, height, depth, colorType, channels: c } = h;
  const n = width * height;
  const out = new Float32Array(n);
  const d = png.data;
  const max = 2 ** depth - 1;
  const s = 255 / max;
  if (colorType === 0 || colorType === 3) {
    const rowBytes = Math.ceil((width * depth) / 8);
    const sample = depth >= 8 ? (x: number, y: number) => d[y * width + x]! : (x: number, y: number) => (d[y * rowBytes + ((x * depth) >> 3)]! >> (8 - depth - ((x * depth) & 7))) & max;
    if (colorType === 0) {
      // no table of levels: 65536 entries for 16-bit samples would outweigh a small image
      const key = transparent?.[0] ?? -1;
      for (let y = 0, i = 0; y < height; y++)
        for (let x = 0; x < width; x++, i++) {
          const v = sample(x, y);
          out[i] = v === key ? 255 : v * s;
        }
      return out;
    }
    const lut = Float32Array.from(png.palette ?? [], ([r, g, b, a]) => grayOverWhite(r!, g!, b!, (a ?? 255) / 255));
    for (let y = 0, i = 0; y < height; y++)
      for (let x = 0; x < width; x++, i++) {
        const v = sample(x, y);
        if (v >= lut.length) throw fail(`pixel (${x}, ${y}) uses palette entry ${v}, but PLTE has ${lut.length} colours`);
        out[i] = lut[v]!;
      }
    return out;
  }
  const key = transparent;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    if (colorType === 4) out[i] = grayOverWhite(d[o]! * s, d[o]! * s, d[o]! * s, d[o + 1]! / max);
    else {
      const isKey = key !== null && d[o] === key[0] && d[o + 1] === key[1] && d[o + 2] === key[2];
      const a = colorType === 6 ? d[o + 3]! / max : isKey ? 0 : 1;
      out[i] = grayOverWhite(d[o]! * s, d[o + 1]! * s, d[o + 2]! * s, a);
    }
  }
  return out;
}

/** A chunk: length, type, data, CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** RGB 0 .. 255 of fast-png's samples, three per pixel, with tRNS and alpha composited over white. */
function toRgb(png: DecodedPng, h: PngHeader, transparent: readonly number[] | null, fail: Fail): Float32Array {
  const { width, height, depth, colorType, channels: c } = h;
  const n = width * height;
  const out = new Float32Array(3 * n);
  const d = png.data;
  const max = 2 ** depth - 1;
  const s = 255 / max;
  const put = (i: number, r: number, g: number, b: number, a: number) => {
    out[3 * i] = a * r + (1 - a) * 255;
    out[3 * i + 1] = a * g + (1 - a) * 255;
    out[3 * i + 2] = a * b + (1 - a) * 255;
  };
  if (colorType === 3) {
    const rowBytes = Math.ceil((width * depth) / 8);
    const palette = png.palette ?? [];
    for (let y = 0, i = 0; y < height; y++)
      for (let x = 0; x < width; x++, i++) {
        const v = depth >= 8 ? d[y * width + x]! : (d[y * rowBytes + ((x * depth) >> 3)]! >> (8 - depth - ((x * depth) & 7))) & max;
        const p = palette[v];
        if (p === undefined) throw fail(`pixel (${x}, ${y}) uses palette entry ${v}, but PLTE has ${palette.length} colours`);
        put(i, p[0]!, p[1]!, p[2]!, (p[3] ?? 255) / 255);
      }
    return out;
  }
  if (colorType === 0) {
    // gray samples come from the same path as the gray reader, then repeat in each channel
    const gray = toGray(png, h, transparent, fail);
    for (let i = 0; i < n; i++) put(i, gray[i]!, gray[i]!, gray[i]!, 1);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const o = i * c;
    if (colorType === 4) put(i, d[o]! * s, d[o]! * s, d[o]! * s, d[o + 1]! / max);
    else {
      const isKey = transparent !== null && d[o] === transparent[0] && d[o + 1] === transparent[1] && d[o + 2] === transparent[2];
      put(i, d[o]! * s, d[o + 1]! * s, d[o + 2]! * s, colorType === 6 ? d[o + 3]! / max : isKey ? 0 : 1);
    }
  }
  return out;
}

/** Decodes PNG bytes to RGB (three values 0 .. 255 per pixel, alpha over white), with the checks of {@link decodePngGray}. */
export function decodePngRgb(bytes: Uint8Array, name: string, maxPixels: number): RgbImage {
  const [png, header, key, fail] = decodeChecked(bytes, name, maxPixels);
  return { width: header.width, height: header.height, rgb: toRgb(png, header, key, fail) };
}

/** Decodes PNG bytes to grayscale, refusing anything above `maxPixels` before decoding and any damage to the pixel data. */
export function decodePngGray(bytes: Uint8Array, name: string, maxPixels: number): GrayImage {
  const [png, header, key, fail] = decodeChecked(bytes, name, maxPixels);
  return { width: header.width, height: header.height, gray: toGray(png, header, key, fail) };
}

/** Our checks of the file, then fast-png's decoding. */
function decodeChecked(bytes: Uint8Array, name: string, maxPixels: number): [DecodedPng, PngHeader, readonly number[] | null, Fail] {
  const fail: Fail = (what) => new FileFormatError(`${name}: not a readable PNG: ${what}`);
  const layout = readLayout(bytes, name, maxPixels, fail);
  checkPixelData(layout, fail);
  let png: DecodedPng;
  try {
    png = decode(layout.dropped ? concat([...layout.kept.slice(0, -1), chunk('IDAT', layout.idat), layout.kept.at(-1)!]) : bytes);
  } catch (e) {
    throw fail(`the pixel data is corrupt (fast-png: ${(e as Error).message})`);
  }
  return [png, layout.header, layout.key, fail];
}
