/**
 * JPEG to grayscale. Our own pass walks the markers first: segment lengths,
 * the frame header (size checked against the pixel limit before anything is
 * decoded), Huffman and quantization tables, each scan's parameters, and the
 * entropy-coded data up to the EOI marker, which must be there (a cut-off file
 * is an error, never a partly grey picture). A scan must also hold at least one
 * bit per 8×8 block it codes, so a tiny file cannot declare a huge picture and
 * have the decoder allocate for it. Only then does jpeg-js (pure JavaScript,
 * browser-safe, with its own resolution and memory caps) decode.
 */
import jpeg from 'jpeg-js';
import { FileFormatError } from '../../errors/index.js';
import { checkPixelCount, grayOverWhite, type GrayImage, type RgbImage } from './gray-image.js';

/** More scans than any encoder writes (libjpeg's progressive mode writes 10); each costs a pass over the blocks. */
export const JPEG_MAX_SCANS = 100;

/** Bytes jpeg-js allocates per pixel at most: 4 components × (coefficients 4 + samples 1) + 3 output, with room. */
const JPEG_BYTES_PER_PIXEL = 28;

interface Component {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly tq: number;
}

interface Frame {
  readonly width: number;
  readonly height: number;
  readonly progressive: boolean;
  readonly components: readonly Component[];
}

type Fail = (what: string) => FileFormatError;

const UNSUPPORTED: Readonly<Record<number, string>> = {
  0xc3: 'lossless', 0xc5: 'hierarchical', 0xc6: 'hierarchical progressive', 0xc7: 'hierarchical lossless',
  0xc9: 'arithmetic-coded', 0xca: 'arithmetic-coded progressive', 0xcb: 'arithmetic-coded lossless',
  0xcc: 'arithmetic-coded', 0xcd: 'arithmetic-coded hierarchical', 0xce: 'arithmetic-coded hierarchical progressive', 0xcf: 'arithmetic-coded hierarchical lossless',
};

const hex = (m: number) => `0xFF${m.toString(16).toUpperCase().padStart(2, '0')}`;
const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;

function readFrame(seg: Uint8Array, marker: number, name: string, maxPixels: number, fail: Fail): Frame {
  if (seg.length < 6) throw fail(`the frame header (SOF) holds ${seg.length} bytes, expected at least 6`);
  const [precision, height, width, count] = [seg[0]!, u16(seg, 1), u16(seg, 3), seg[5]!];
  if (seg.length !== 6 + 3 * count) throw fail(`the frame header (SOF) holds ${seg.length} bytes, expected ${6 + 3 * count} for ${count} components`);
  if (height === 0 || width === 0) throw fail(`the frame header declares ${width} × ${height} pixels${height === 0 ? ' (a height given later by a DNL marker is not supported)' : ''}`);
  checkPixelCount(name, 'JPEG', width, height, maxPixels);
  if (precision !== 8) throw fail(`${precision}-bit samples are not supported (8-bit JPEGs are)`);
  if (count !== 1 && count !== 3 && count !== 4) throw fail(`${count} colour components; expected 1 (gray), 3 (colour) or 4 (CMYK)`);
  const components: Component[] = [];
  for (let i = 0; i < count; i++) {
    const [id, hv, tq] = [seg[6 + 3 * i]!, seg[7 + 3 * i]!, seg[8 + 3 * i]!];
    const [h, v] = [hv >> 4, hv & 15];
    if (components.some((c) => c.id === id)) throw fail(`component ${id} appears twice in the frame header`);
    if (h < 1 || h > 4 || v < 1 || v > 4) throw fail(`component ${id} has sampling factors ${h}×${v}; each must be 1 to 4`);
    if (tq > 3) throw fail(`component ${id} uses quantization table ${tq}; tables are numbered 0 to 3`);
    components.push({ id, h, v, tq });
  }
  if (count > 1 && components.reduce((s, c) => s + c.h * c.v, 0) > 10) throw fail('the sampling factors call for more than 10 blocks per MCU');
  return { width, height, progressive: marker === 0xc2, components };
}

function readHuffmanTables(seg: Uint8Array, defined: Set<string>, fail: Fail): void {
  for (let p = 0; p < seg.length; ) {
    const [tc, th] = [seg[p]! >> 4, seg[p]! & 15];
    if (tc > 1 || th > 3) throw fail(`a Huffman table (DHT) with class ${tc} and number ${th}; expected class 0 or 1, number 0 to 3`);
    if (p + 17 > seg.length) throw fail('a Huffman table (DHT) is cut off');
    let total = 0;
    let codes = 0;
    for (let len = 1; len <= 16; len++) {
      const n = seg[p + len]!;
      total += n;
      codes = (codes << 1) + n;
      if (codes > 2 ** len) throw fail(`a Huffman table (DHT) has more codes of length ${len} than fit`);
    }
    if (total === 0 || p + 17 + total > seg.length) throw fail(`a Huffman table (DHT) lists ${total} codes but ${seg.length - p - 17} bytes follow`);
    defined.add(`${tc === 0 ? 'DC' : 'AC'}${th}`);
    p += 17 + total;
  }
}

function readQuantizationTables(seg: Uint8Array, defined: Set<number>, fail: Fail): void {
  for (let p = 0; p < seg.length; ) {
    const [pq, tq] = [seg[p]! >> 4, seg[p]! & 15];
    if (pq > 1 || tq > 3) throw fail(`a quantization table (DQT) with precision ${pq} and number ${tq}; expected 0 or 1, and 0 to 3`);
    if (p + 1 + 64 * (pq + 1) > seg.length) throw fail('a quantization table (DQT) is cut off');
    defined.add(tq);
    p += 1 + 64 * (pq + 1);
  }
}

/** 8×8 blocks a scan codes: one component's blocks, or whole MCUs of several. */
function blocksInScan(frame: Frame, comps: readonly Component[]): number {
  const hMax = Math.max(...frame.components.map((c) => c.h));
  const vMax = Math.max(...frame.components.map((c) => c.v));
  if (comps.length === 1) {
    const c = comps[0]!;
    return Math.ceil(Math.ceil((frame.width * c.h) / hMax) / 8) * Math.ceil(Math.ceil((frame.height * c.v) / vMax) / 8);
  }
  const mcus = Math.ceil(frame.width / (8 * hMax)) * Math.ceil(frame.height / (8 * vMax));
  return mcus * comps.reduce((s, c) => s + c.h * c.v, 0);
}

function checkScan(seg: Uint8Array, frame: Frame | null, huffman: Set<string>, quant: Set<number>, fail: Fail): { comps: Component[]; dc: boolean } {
  if (frame === null) throw fail('a scan (SOS) before the frame header (SOF)');
  const ns = seg[0] ?? 0;
  if (ns < 1 || ns > 4 || seg.length !== 4 + 2 * ns) throw fail(`the scan header (SOS) holds ${seg.length} bytes for ${ns} components; expected 1 to 4 components, ${4 + 2 * ns} bytes`);
  const [ss, se, ah, al] = [seg[1 + 2 * ns]!, seg[2 + 2 * ns]!, seg[3 + 2 * ns]! >> 4, seg[3 + 2 * ns]! & 15];
  const dc = ss === 0;
  const comps: Component[] = [];
  for (let i = 0; i < ns; i++) {
    const [id, tables] = [seg[1 + 2 * i]!, seg[2 + 2 * i]!];
    const c = frame.components.find((k) => k.id === id);
    if (c === undefined) throw fail(`the scan codes component ${id}, which the frame header does not have`);
    if (comps.includes(c)) throw fail(`the scan codes component ${id} twice`);
    if (!quant.has(c.tq)) throw fail(`component ${id} uses quantization table ${c.tq}, which no DQT segment defines`);
    const needDc = dc && ah === 0;
    const needAc = !frame.progressive || !dc;
    if (needDc && !huffman.has(`DC${tables >> 4}`)) throw fail(`the scan uses DC Huffman table ${tables >> 4}, which no DHT segment defines`);
    if (needAc && !huffman.has(`AC${tables & 15}`)) throw fail(`the scan uses AC Huffman table ${tables & 15}, which no DHT segment defines`);
    comps.push(c);
  }
  if (!frame.progressive) {
    if (ss !== 0 || se !== 63 || ah !== 0 || al !== 0) throw fail(`a sequential scan with spectral range ${ss}-${se} and approximation ${ah}/${al}; expected 0-63 and 0/0`);
  } else {
    if (dc ? se !== 0 : se < ss || se > 63 || ns !== 1) throw fail(`a progressive scan with spectral range ${ss}-${se} over ${ns} components is invalid`);
    if (ah > 13 || al > 13) throw fail(`a progressive scan with approximation ${ah}/${al} is invalid`);
  }
  if (ns > 1 && comps.reduce((s, c) => s + c.h * c.v, 0) > 10) throw fail('an interleaved scan with more than 10 blocks per MCU');
  return { comps, dc };
}

/** Walks every marker from SOI to EOI; returns the frame once the whole file has been checked. */
function readLayout(bytes: Uint8Array, name: string, maxPixels: number, fail: Fail): Frame {
  let frame: Frame | null = null;
  let adobe = false;
  let scans = 0;
  const huffman = new Set<string>();
  const quant = new Set<number>();
  const dcCoded = new Set<number>();
  let at = 2;
  for (;;) {
    if (at >= bytes.length) throw fail(`the file ends after ${bytes.length} bytes without an EOI marker (truncated)`);
    if (bytes[at] !== 0xff) throw fail(`expected a marker at byte ${at}, found 0x${bytes[at]!.toString(16)}`);
    while (bytes[at + 1] === 0xff) at++; // fill bytes
    const marker = bytes[at + 1];
    if (marker === undefined) throw fail(`the file ends after ${bytes.length} bytes without an EOI marker (truncated)`);
    at += 2;
    if (marker === 0xd9) break;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0) throw fail(`unexpected marker ${hex(marker)} at byte ${at - 2}`);
    if (at + 2 > bytes.length) throw fail(`the segment ${hex(marker)} at byte ${at - 2} is cut off (truncated file)`);
    const length = u16(bytes, at);
    if (length < 2 || at + length > bytes.length) throw fail(`the segment ${hex(marker)} at byte ${at - 2} declares ${length} bytes but ${bytes.length - at} remain`);
    const seg = bytes.subarray(at + 2, at + length);
    at += length;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8) {
      if (UNSUPPORTED[marker] !== undefined) throw fail(`${/^[aeiou]/.test(UNSUPPORTED[marker]!) ? 'an' : 'a'} ${UNSUPPORTED[marker]} JPEG (marker ${hex(marker)}) is not supported; baseline and progressive JPEGs are`);
      if (frame !== null) throw fail(`a second frame header at byte ${at - length - 2}`);
      frame = readFrame(seg, marker, name, maxPixels, fail);
    } else if (marker === 0xc4) readHuffmanTables(seg, huffman, fail);
    else if (marker === 0xdb) readQuantizationTables(seg, quant, fail);
    else if (marker === 0xdd) {
      if (length !== 4) throw fail(`the restart interval (DRI) segment holds ${length} bytes, expected 4`);
    } else if (marker === 0xda) {
      const { comps, dc } = checkScan(seg, frame, huffman, quant, fail);
      if (++scans > JPEG_MAX_SCANS) throw fail(`more than ${JPEG_MAX_SCANS} scans`);
      const start = at;
      // entropy-coded data runs to the next marker: 0xFF00 is a stuffed 0xFF, 0xFFD0-D7 restart markers, 0xFFFF fill
      while (at < bytes.length) {
        if (bytes[at] !== 0xff) at++;
        else if (bytes[at + 1] === 0 || (bytes[at + 1]! >= 0xd0 && bytes[at + 1]! <= 0xd7)) at += 2;
        else if (bytes[at + 1] === 0xff) at++;
        else if (at + 1 < bytes.length) break;
        else at++;
      }
      if (at >= bytes.length) throw fail(`scan ${scans} is cut off: the file ends in its data without an EOI marker (truncated)`);
      const blocks = blocksInScan(frame!, comps);
      if (dc && (at - start) * 8 < blocks) throw fail(`scan ${scans} holds ${at - start} bytes, too few for the ${blocks} blocks of ${frame!.width} × ${frame!.height} pixels (truncated or corrupt)`);
      if (dc) for (const c of comps) dcCoded.add(c.id);
    } else if (marker === 0xee) {
      adobe ||= seg.length >= 12 && String.fromCharCode(...seg.subarray(0, 5)) === 'Adobe';
    } else if (!((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe || marker === 0xdc)) {
      throw fail(`unknown marker ${hex(marker)} at byte ${at - length - 2}`);
    }
  }
  if (frame === null) throw fail('no frame header (SOF): the file has no picture');
  const missing = frame.components.filter((c) => !dcCoded.has(c.id));
  if (missing.length > 0) throw fail(`no scan codes component ${missing[0]!.id}: the picture is incomplete (truncated)`);
  if (frame.components.length === 4 && !adobe) throw fail('a 4-component (CMYK) JPEG without an Adobe marker is not supported; save it as RGB');
  return frame;
}

/** Decodes JPEG bytes to grayscale, refusing anything above `maxPixels` before decoding, and any cut-off or damaged file. */
export function decodeJpegGray(bytes: Uint8Array, name: string, maxPixels: number): GrayImage {
  const { width, height, rgb } = decodeJpegBytes(bytes, name, maxPixels);
  const gray = new Float32Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = grayOverWhite(rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!, 1);
  return { width, height, gray };
}

/** Decodes JPEG bytes to RGB (three values 0 .. 255 per pixel), with the checks of {@link decodeJpegGray}. */
export function decodeJpegRgb(bytes: Uint8Array, name: string, maxPixels: number): RgbImage {
  const { width, height, rgb } = decodeJpegBytes(bytes, name, maxPixels);
  return { width, height, rgb: Float32Array.from(rgb) };
}

/** Our walk of the markers, then jpeg-js: 8-bit RGB, three bytes per pixel. */
function decodeJpegBytes(bytes: Uint8Array, name: string, maxPixels: number): { width: number; height: number; rgb: Uint8Array } {
  const fail: Fail = (what) => new FileFormatError(`${name}: not a readable JPEG: ${what}`);
  const { width, height } = readLayout(bytes, name, maxPixels, fail);
  let rgb: Uint8Array;
  try {
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((maxPixels * JPEG_BYTES_PER_PIXEL) / 2 ** 20) + 64,
    });
    if (img.width !== width || img.height !== height || img.data.length !== width * height * 3) throw new Error(`decoded ${img.width} × ${img.height}`);
    rgb = img.data;
  } catch (e) {
    throw fail(`the image data is corrupt (jpeg-js: ${(e as Error).message})`);
  }
  return { width, height, rgb };
}
