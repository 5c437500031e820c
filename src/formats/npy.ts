/**
 * numpy's `.npy` format (numpy/lib/format.py): the magic `\x93NUMPY`, a version,
 * a header length, a Python dict literal `{'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), }`, then the elements in C order. Everything in the header is
 * checked, and the data's length must equal what the shape calls for, before
 * anything is allocated.
 */
import { FileFormatError } from '../errors/index.js';

/** The element types read: numpy's f4, f8, i4, i8 and u1. */
export type NpyDType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8';

/**
 * One numpy array: its dtype, shape and elements in C order. int64 elements come
 * as float64 numbers (each checked to be exact, |v| ≤ 2^53 − 1).
 */
export interface NpyArray {
  readonly dtype: NpyDType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array | Int32Array | Uint8Array;
}

/** The largest header accepted (numpy itself refuses headers over 10,000 bytes unless told otherwise). */
export const NPY_MAX_HEADER_BYTES = 65536;

/** The largest element count accepted (2^31 − 1). */
export const NPY_MAX_ELEMENTS = 0x7fffffff;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const CODES: Readonly<Record<string, [NpyDType, number]>> = { f4: ['float32', 4], f8: ['float64', 8], i4: ['int32', 4], i8: ['int64', 8], u1: ['uint8', 1] };
const KNOWN: Readonly<Record<string, string>> = {
  f2: 'float16', i1: 'int8', i2: 'int16', u2: 'uint16', u4: 'uint32', u8: 'uint64', b1: 'bool', c8: 'complex64', c16: 'complex128', f16: 'float128', c32: 'complex256',
};
const DECODERS = { utf8: new TextDecoder('utf-8', { fatal: true }), latin1: new TextDecoder('latin1') };
const HOST_LITTLE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** What a header's fields say, checked. */
interface NpyHeader {
  readonly dtype: NpyDType;
  readonly itemSize: number;
  readonly littleEndian: boolean;
  readonly shape: readonly number[];
  readonly count: number;
  /** Bytes before the data: magic, version, length field and header. */
  readonly dataStart: number;
}

type Fail = (why: string) => FileFormatError;

const failWith = (name: string): Fail => (why) => new FileFormatError(`${name}: not a valid .npy file: ${why}`);

/** A tokenizer for the header's Python dict literal: strings, True/False, tuples of integers. */
function parseDict(text: string, fail: Fail): Map<string, unknown> {
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  const expect = (c: string) => {
    space();
    if (text[at] !== c) throw fail(`the header ${at < text.length ? `has ${JSON.stringify(text[at])}` : 'ends'} at character ${at} where ${JSON.stringify(c)} belongs (header: ${clip(text)})`);
    at++;
  };
  const value = (): unknown => {
    space();
    const c = text[at];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, at + 1);
      if (end < 0) throw fail(`an unterminated string in the header (${clip(text)})`);
      const s = text.slice(at + 1, end);
      at = end + 1;
      return s;
    }
    if (text.startsWith('True', at)) return (at += 4), true;
    if (text.startsWith('False', at)) return (at += 5), false;
    if (c === '(') {
      at++;
      const dims: number[] = [];
      for (;;) {
        space();
        if (text[at] === ')') return at++, dims;
        const m = /^\d+/.exec(text.slice(at, at + 20));
        if (m === null) throw fail(`the shape holds ${JSON.stringify(text.slice(at, at + 12))}, expected whole numbers (header: ${clip(text)})`);
        dims.push(Number(m[0]));
        at += m[0].length;
        space();
        if (text[at] === ',') at++;
        else if (text[at] !== ')') throw fail(`the shape is not a tuple of whole numbers (header: ${clip(text)})`);
      }
    }
    if (c === '[') throw fail('a structured dtype (a list of named fields) is not supported; save each field as its own array');
    throw fail(`a value the header cannot hold at character ${at} (header: ${clip(text)})`);
  };
  const dict = new Map<string, unknown>();
  expect('{');
  for (;;) {
    space();
    if (text[at] === '}') break;
    const key = value();
    if (typeof key !== 'string') throw fail(`a key that is not a string in the header (${clip(text)})`);
    if (dict.has(key)) throw fail(`the key '${key}' appears twice in the header`);
    expect(':');
    dict.set(key, value());
    space();
    if (text[at] === ',') at++;
    else if (text[at] !== '}') throw fail(`the header dict is not closed by "}" (header: ${clip(text)})`);
  }
  at++;
  if (text.slice(at).trim() !== '') throw fail(`text after the header dict: ${JSON.stringify(clip(text.slice(at)))}`);
  return dict;
}

const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}...` : s);

function readDescr(descr: unknown, fail: Fail): { dtype: NpyDType; itemSize: number; littleEndian: boolean } {
  if (typeof descr !== 'string') throw fail(`'descr' is ${JSON.stringify(descr)}, expected a dtype string such as '<f4'`);
  const m = /^([<>|=]?)([a-zA-Z]\d*|[a-zA-Z]\d*\[.*\])$/.exec(descr);
  const [order, code] = m === null ? ['', descr] : [m[1]!, m[2]!];
  const supported = 'supported: f4, f8, i4, i8 (little- or big-endian) and u1';
  if (/^O/.test(code)) throw fail(`dtype '${descr}' is an object array (pickled Python objects), which is never read (unpickling can run code); save numbers instead, e.g. X.astype(np.float32)`);
  if (/^[US]/.test(code)) throw fail(`dtype '${descr}' holds strings; ${supported}: save class names as integer indices (e.g. np.unique(y, return_inverse=True)[1])`);
  const known = CODES[code];
  if (m === null || known === undefined) {
    const what = KNOWN[code] ? ` (${KNOWN[code]})` : '';
    throw fail(`dtype '${descr}'${what} is not supported; ${supported}; convert with X.astype(np.float32)`);
  }
  const [dtype, itemSize] = known;
  if (order === '=') throw fail(`dtype '${descr}' has native byte order ('='), which a file cannot state; expected '<' or '>'`);
  if (itemSize > 1 && order !== '<' && order !== '>') throw fail(`dtype '${descr}' has no byte order; expected '<${code}' or '>${code}'`);
  return { dtype, itemSize, littleEndian: order !== '>' };
}

/**
 * Reads and checks the magic, version, header length and header of `.npy` bytes.
 * `have` is the number of bytes that follow in total; the data must be exactly
 * what the shape needs.
 */
export function readNpyHeader(bytes: Uint8Array, name: string, total = bytes.length): NpyHeader {
  const fail = failWith(name);
  if (bytes.length < 10 || !MAGIC.every((c, i) => bytes[i] === c)) {
    const head = [...bytes.subarray(0, 6)].map((c) => c.toString(16).padStart(2, '0')).join(' ');
    throw fail(bytes.length < 10 ? `only ${bytes.length} bytes, shorter than the 10-byte preamble (truncated?)` : `the magic is ${head}, expected 93 4e 55 4d 50 59 (\\x93NUMPY)`);
  }
  const [major, minor] = [bytes[6]!, bytes[7]!];
  if (major < 1 || major > 3 || minor !== 0) throw fail(`format version ${major}.${minor}; versions 1.0, 2.0 and 3.0 are read`);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw fail(`only ${bytes.length} bytes, shorter than the preamble (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > NPY_MAX_HEADER_BYTES) throw fail(`the header length ${headerLength} is above the ${NPY_MAX_HEADER_BYTES}-byte limit`);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) throw fail(`the header declares ${headerLength} bytes but ${bytes.length - 8 - lengthBytes} follow (truncated?)`);
  const raw = bytes.subarray(8 + lengthBytes, dataStart);
  let text: string;
  try {
    text = (major === 3 ? DECODERS.utf8 : DECODERS.latin1).decode(raw);
  } catch {
    throw fail('the header is not valid UTF-8');
  }
  const dict = parseDict(text, fail);
  const keys = [...dict.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') throw fail(`the header has keys ${keys.map((k) => `'${k}'`).join(', ') || '(none)'}, expected exactly 'descr', 'fortran_order' and 'shape'`);
  const { dtype, itemSize, littleEndian } = readDescr(dict.get('descr'), fail);
  const fortran = dict.get('fortran_order');
  if (typeof fortran !== 'boolean') throw fail(`'fortran_order' is ${JSON.stringify(fortran)}, expected True or False`);
  const shape = dict.get('shape');
  if (!Array.isArray(shape)) throw fail(`'shape' is ${JSON.stringify(shape)}, expected a tuple such as (100, 4)`);
  let count = 1;
  for (const d of shape as number[]) {
    count *= d;
    if (!Number.isSafeInteger(d) || count > NPY_MAX_ELEMENTS) throw fail(`the shape (${shape.join(', ')}) declares more than ${NPY_MAX_ELEMENTS} elements`);
  }
  if (fortran) throw fail('the array is in Fortran order, which is not read; save np.ascontiguousarray(X) instead');
  const have = total - dataStart;
  const need = count * itemSize;
  if (have !== need) throw fail(`shape (${shape.join(', ')}) of ${dtype} needs ${need} data bytes, the file has ${have}${have < need ? ' (truncated?)' : ' (trailing bytes)'}`);
  return { dtype, itemSize, littleEndian, shape: shape as number[], count, dataStart };
}

/** The elements of a checked header's data: copied, byte-swapped when the file's order is not the host's, int64 made numbers. */
export function readNpyData(header: NpyHeader, data: Uint8Array, name: string): NpyArray {
  const { dtype, itemSize, littleEndian, shape, count } = header;
  // a fresh buffer of its own (a Node Buffer's slice() would be a view into a shared pool)
  const copy = new Uint8Array(count * itemSize);
  copy.set(data.subarray(0, count * itemSize));
  if (itemSize > 1 && littleEndian !== HOST_LITTLE) {
    for (let i = 0; i < copy.length; i += itemSize) copy.subarray(i, i + itemSize).reverse();
  }
  const buffer = copy.buffer;
  if (dtype === 'float32') return { dtype, shape, data: new Float32Array(buffer) };
  if (dtype === 'float64') return { dtype, shape, data: new Float64Array(buffer) };
  if (dtype === 'int32') return { dtype, shape, data: new Int32Array(buffer) };
  if (dtype === 'uint8') return { dtype, shape, data: copy };
  const wide = new BigInt64Array(buffer);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const v = wide[i]!;
    if (v > 9007199254740991n || v < -9007199254740991n) throw failWith(name)(`int64 element ${i} is ${v}, beyond the exact range of a number (±2^53 − 1)`);
    out[i] = Number(v);
  }
  return { dtype, shape, data: out };
}

/**
 * Parses `.npy` bytes (numpy's `np.save`): dtypes f4, f8, i4, i8 and u1, little-
 * or big-endian, C order. Fortran order, object, string and structured arrays are
 * refused with a message saying how to save the array instead.
 *
 * @example
 * ```ts
 * import { encodeNpy, parseNpy } from 'scratchnet';
 * const bytes = encodeNpy({ dtype: 'float32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) });
 * const a = parseNpy(bytes, 'x.npy');
 * console.log(a.dtype, a.shape, a.data); // float32 [2, 3] Float32Array [1, 2, 3, 4, 5, 6]
 * ```
 */
export function parseNpy(bytes: Uint8Array, name = '.npy data'): NpyArray {
  if (!(bytes instanceof Uint8Array)) throw failWith(name)('expected bytes (a Uint8Array)');
  const header = readNpyHeader(bytes, name);
  return readNpyData(header, bytes.subarray(header.dataStart), name);
}

const DESCR: Readonly<Record<NpyDType, string>> = { float32: 'f4', float64: 'f8', int32: 'i4', int64: 'i8', uint8: 'u1' };

/**
 * Writes an array as `.npy` bytes (format 1.0, or 2.0 for a header over 65535
 * bytes), little-endian unless `bigEndian`; numpy's `np.load` reads them.
 *
 * @example
 * ```ts
 * import { encodeNpy } from 'scratchnet';
 * const bytes = encodeNpy({ dtype: 'int64', shape: [3], data: Float64Array.of(0, 1, 2) });
 * console.log(bytes.length); // 152: a 128-byte preamble and header, then 3 × 8 bytes
 * ```
 */
export function encodeNpy(array: NpyArray, options: { readonly bigEndian?: boolean } = {}): Uint8Array {
  const { dtype, shape, data } = array;
  const code = DESCR[dtype];
  if (code === undefined) throw new FileFormatError(`encodeNpy: dtype ${JSON.stringify(dtype)} is not one of ${Object.keys(DESCR).join(', ')}`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new FileFormatError(`encodeNpy: shape [${shape.join(', ')}] needs ${count} elements, got ${data.length}`);
  const little = !options.bigEndian;
  const descr = `${dtype === 'uint8' ? '|' : little ? '<' : '>'}${code}`;
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  const long = header.length + 11 > 65535;
  const pre = long ? 12 : 10;
  header = header.padEnd(Math.ceil((pre + header.length + 1) / 64) * 64 - pre - 1, ' ') + '\n';
  const itemSize = dtype === 'float64' || dtype === 'int64' ? 8 : dtype === 'uint8' ? 1 : 4;
  const out = new Uint8Array(pre + header.length + count * itemSize);
  const view = new DataView(out.buffer);
  out.set(MAGIC);
  out[6] = long ? 2 : 1;
  if (long) view.setUint32(8, header.length, true);
  else view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  const at = pre + header.length;
  for (let i = 0; i < count; i++) {
    const v = data[i]!;
    const o = at + i * itemSize;
    if (dtype === 'float32') view.setFloat32(o, v, little);
    else if (dtype === 'float64') view.setFloat64(o, v, little);
    else if (dtype === 'int32') view.setInt32(o, v, little);
    else if (dtype === 'int64') view.setBigInt64(o, BigInt(Math.trunc(v)), little);
    else out[o] = v;
  }
  return out;
}
