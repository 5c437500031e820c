/**
 * The safetensors format, encoded and decoded in memory (no file access here):
 * 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": { str: str } }`,
 * then the raw little-endian data. The decoder validates everything before it
 * allocates anything, so a hostile file can neither crash nor exhaust memory.
 */
import { FileFormatError, ValueError } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';

/** A decoded safetensors file: tensors by name and the string metadata. */
export interface SafetensorsContent {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
}

/** Header length limit (the reference implementation's 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;
/** JSON nesting the header may have: object → entry → shape/offset arrays. */
const MAX_JSON_DEPTH = 4;

const READABLE = { F32: 4, F64: 8 } as const;
const KNOWN = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes tensors (float32 → F32, float64 → F64) and string metadata. The
 * header is padded with spaces so the data starts 8-byte aligned.
 *
 * @example
 * ```ts
 * import { Tensor, encodeSafetensors, decodeSafetensors } from 'scratchnet';
 * const bytes = encodeSafetensors({ W: Tensor.ones([2, 3]) }, { note: 'hi' });
 * decodeSafetensors(bytes).tensors.W.shape; // [2, 3]
 * ```
 */
export function encodeSafetensors(tensors: Readonly<Record<string, Tensor>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new ValueError(`safetensors: metadata values must be strings, '${k}' is ${typeof v}`);
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) {
    if (name === '' || name === '__metadata__') throw new ValueError(`safetensors: '${name}' cannot be a tensor name`);
    if (!(t instanceof Tensor)) throw new ValueError(`safetensors: '${name}' is not a Tensor`);
    const bytes = t.data.byteLength;
    header[name] = { dtype: t.dtype === 'float64' ? 'F64' : 'F32', shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const [, t] of entries) {
    writeLittleEndian(t, out, pos);
    pos += t.data.byteLength;
  }
  return out;
}

function writeLittleEndian(t: Tensor, out: Uint8Array, pos: number): void {
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + pos);
  const size = t.dtype === 'float64' ? 8 : 4;
  for (let i = 0; i < t.size; i++) {
    if (size === 8) view.setFloat64(i * 8, t.data[i]!, true);
    else view.setFloat32(i * 4, t.data[i]!, true);
  }
}

/** Rejects JSON nested deeper than `max` before JSON.parse sees it (strings are skipped). */
function checkDepth(text: string, max: number, fail: (why: string) => never): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) fail(`the JSON header is nested deeper than ${max} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

interface Entry {
  name: string;
  dtype: keyof typeof READABLE;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Decodes safetensors bytes into tensors and metadata, validating the header
 * length, UTF-8, JSON, dtypes, shapes and offsets (inside the data, no overlaps,
 * no gaps, element count × dtype size = byte length) before allocating.
 */
export function decodeSafetensors(bytes: Uint8Array, name = 'safetensors data'): SafetensorsContent {
  const fail = (why: string): never => {
    throw new FileFormatError(`${name}: not a valid safetensors file: ${why}`);
  };
  if (!(bytes instanceof Uint8Array)) fail('expected bytes (a Uint8Array)');
  if (bytes.length < 8) fail(`only ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const headerLen = hi * 4294967296 + lo;
  if (headerLen > MAX_HEADER_BYTES) fail(`header length ${headerLen} is above the ${MAX_HEADER_BYTES}-byte limit`);
  if (8 + headerLen > bytes.length) fail(`header length ${headerLen} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    fail('the header is not valid UTF-8');
  }
  checkDepth(text, MAX_JSON_DEPTH, fail);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('the header must be a JSON object');
  const dataLen = bytes.length - 8 - headerLen;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [key, raw] of Object.entries(header as Record<string, unknown>)) {
    if (key === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('__metadata__ must be an object of strings');
      for (const [mk, mv] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof mv !== 'string') fail(`__metadata__.${mk} must be a string, got ${typeof mv}`);
        metadata[mk] = mv as string;
      }
      continue;
    }
    entries.push(checkEntry(key, raw, fail));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of entries) {
    if (e.begin !== expected) {
      fail(e.begin < expected ? `tensor '${e.name}' overlaps the previous tensor (offset ${e.begin} < ${expected})` : `a gap before tensor '${e.name}' (offset ${e.begin}, expected ${expected})`);
    }
    if (e.end > dataLen) fail(`tensor '${e.name}' ends at byte ${e.end}, past the ${dataLen} data bytes (truncated?)`);
    expected = e.end;
  }
  if (expected !== dataLen) fail(`the tensors cover ${expected} of the ${dataLen} data bytes`);
  const tensors: Record<string, Tensor> = {};
  const base = 8 + headerLen;
  for (const e of entries) tensors[e.name] = readTensor(view, base + e.begin, e);
  // restore the header's order of names
  const ordered: Record<string, Tensor> = {};
  for (const key of Object.keys(header as object)) if (key in tensors) ordered[key] = tensors[key]!;
  return { tensors: ordered, metadata };
}

function checkEntry(key: string, raw: unknown, fail: (why: string) => never): Entry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail(`entry '${key}' must be an object`);
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string') return fail(`tensor '${key}' has no dtype string`);
  if (!(dtype in READABLE)) {
    return fail(KNOWN.includes(dtype) ? `tensor '${key}' has dtype ${dtype}; scratchnet reads F32 and F64` : `tensor '${key}' has unknown dtype ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return fail(`tensor '${key}' has a bad shape ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && d >= 0) || offsets[0] > offsets[1]) {
    return fail(`tensor '${key}' has bad data_offsets ${JSON.stringify(offsets)}`);
  }
  const size = READABLE[dtype as keyof typeof READABLE];
  let count = 1;
  for (const d of shape as number[]) {
    count *= d;
    if (count > Number.MAX_SAFE_INTEGER / 8) return fail(`tensor '${key}' declares a shape ${JSON.stringify(shape)} too large to hold`);
  }
  const [begin, end] = offsets as [number, number];
  if (count * size !== end - begin) return fail(`tensor '${key}': shape ${JSON.stringify(shape)} × ${size} bytes = ${count * size}, but data_offsets span ${end - begin} bytes`);
  return { name: key, dtype: dtype as keyof typeof READABLE, shape: shape as number[], begin, end };
}

function readTensor(view: DataView, pos: number, e: Entry): Tensor {
  const t = Tensor.zeros(e.shape, { dtype: e.dtype === 'F64' ? 'float64' : 'float32' });
  const size = READABLE[e.dtype];
  if (LITTLE_ENDIAN) {
    new Uint8Array(t.data.buffer).set(new Uint8Array(view.buffer, view.byteOffset + pos, e.end - e.begin));
  } else {
    for (let i = 0; i < t.size; i++) t.data[i] = size === 8 ? view.getFloat64(pos + i * 8, true) : view.getFloat32(pos + i * 4, true);
  }
  return t;
}
