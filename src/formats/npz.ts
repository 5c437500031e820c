/**
 * numpy's `.npz` format: a ZIP archive of `.npy` files, stored (`np.savez`) or
 * deflated (`np.savez_compressed`). Our own walk checks the end record, every
 * central directory entry against its local header, sizes, names, overlaps and
 * CRCs; a deflated array is inflated in slices and its `.npy` header checked
 * before its bytes are allocated, so a small file cannot claim a huge array.
 */
import { Inflate, inflateSync, zipSync } from 'fflate';
import { FileFormatError } from '../errors/index.js';
import { crc32 } from './crc32.js';
import { encodeNpy, readNpyData, readNpyHeader, type NpyArray } from './npy.js';

/** The largest array accepted in an archive, in bytes (2 GiB), unless `maxBytes` says otherwise. */
export const NPZ_MAX_ARRAY_BYTES = 2 ** 31;

/** Arrays up to this size are inflated in one call into a buffer of their declared size (one byte more shows an overlong stream). */
const ONE_CALL_BYTES = 2 ** 20;

/** Deflate expands at most about 1032 times (258 bytes from 2 bits); a declared size beyond that is a lie. */
const DEFLATE_MAX_RATIO = 1032;

/** Options of {@link parseNpz}. */
export interface NpzOptions {
  /** Largest uncompressed array accepted, in bytes (default {@link NPZ_MAX_ARRAY_BYTES}). */
  readonly maxBytes?: number;
}

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly dataStart: number;
}

type Fail = (why: string) => FileFormatError;

const DECODERS = { utf8: new TextDecoder('utf-8', { fatal: true }), latin1: new TextDecoder('latin1') };
const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 } as const;

function findEnd(bytes: Uint8Array, view: DataView, fail: Fail): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) === SIG.end) return at;
  }
  const npy = bytes[0] === 0x93 && bytes[1] === 0x4e && bytes[2] === 0x55;
  throw fail(`no end of central directory record: not a ZIP archive${npy ? ' (this is a single .npy array: read it with parseNpy or loadNpy)' : bytes.length < 22 ? ` (only ${bytes.length} bytes; truncated?)` : ' (truncated, or another kind of file)'}`);
}

/** A 32-bit size, or its ZIP64 extra field's 64-bit value when the 32-bit field is 0xFFFFFFFF. */
function zip64Values(view: DataView, extraAt: number, extraEnd: number, wanted: number, fail: Fail): number[] {
  for (let at = extraAt; at + 4 <= extraEnd; ) {
    const [id, size] = [view.getUint16(at, true), view.getUint16(at + 2, true)];
    if (at + 4 + size > extraEnd) break;
    if (id === 1) {
      if (size < 8 * wanted) throw fail(`a ZIP64 extra field of ${size} bytes, too short for the ${wanted} sizes it must hold`);
      return Array.from({ length: wanted }, (_, i) => {
        const v = view.getBigUint64(at + 4 + 8 * i, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw fail(`a ZIP64 size of ${v} bytes`);
        return Number(v);
      });
    }
    at += 4 + size;
  }
  throw fail('a size of 0xFFFFFFFF without the ZIP64 extra field that must hold it');
}

/** Walks the central directory; every entry checked against its local header. */
function readEntries(bytes: Uint8Array, fail: Fail, maxBytes: number): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(bytes, view, fail);
  const [disk, cdDisk, onDisk, count, cdSize, cdOffset, commentLength] = [
    view.getUint16(end + 4, true), view.getUint16(end + 6, true), view.getUint16(end + 8, true), view.getUint16(end + 10, true),
    view.getUint32(end + 12, true), view.getUint32(end + 16, true), view.getUint16(end + 20, true),
  ];
  if (end + 22 + commentLength !== bytes.length) throw fail(`the end record's comment of ${commentLength} bytes does not end the file (${bytes.length - end - 22} bytes follow the record)`);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw fail('a ZIP64 archive (over 65535 arrays or 4 GB) is not supported');
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw fail(`a multi-part archive (disk ${disk}, ${onDisk} of ${count} entries on it) is not supported`);
  if (count === 0) throw fail('the archive holds no arrays');
  if (cdOffset + cdSize !== end) throw fail(`the central directory (${cdSize} bytes at ${cdOffset}) does not end where the end record begins (byte ${end})`);
  if (count * 46 > cdSize) throw fail(`${count} entries cannot fit in a central directory of ${cdSize} bytes`);
  const entries: Entry[] = [];
  const ranges: [number, number, string][] = [];
  for (let i = 0, at = cdOffset; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== SIG.central) throw fail(`central directory entry ${i} at byte ${at} is missing or damaged`);
    const [flags, method, crc] = [view.getUint16(at + 8, true), view.getUint16(at + 10, true), view.getUint32(at + 16, true)];
    let [compressed, size] = [view.getUint32(at + 20, true), view.getUint32(at + 24, true)];
    const [nameLength, extraLength, commentLen] = [view.getUint16(at + 28, true), view.getUint16(at + 30, true), view.getUint16(at + 32, true)];
    let offset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLen;
    if (next > end) throw fail(`central directory entry ${i} runs past the directory's end`);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    let name: string;
    try {
      name = (flags & 0x800 ? DECODERS.utf8 : DECODERS.latin1).decode(rawName);
    } catch {
      throw fail(`entry ${i}'s name is not valid UTF-8`);
    }
    const label = `entry ${i} (${JSON.stringify(name)})`;
    const wide = [size, compressed, offset].filter((v) => v === 0xffffffff).length;
    if (wide > 0) {
      const values = zip64Values(view, at + 46 + nameLength, at + 46 + nameLength + extraLength, wide, fail);
      if (size === 0xffffffff) size = values.shift()!;
      if (compressed === 0xffffffff) compressed = values.shift()!;
      if (offset === 0xffffffff) offset = values.shift()!;
    }
    if (!name.endsWith('.npy') || name.length === 4) throw fail(`${label} is not a .npy array; an .npz holds only NAME.npy entries`);
    if (entries.some((e) => e.name === name)) throw fail(`${label} appears twice`);
    if (flags & 1) throw fail(`${label} is encrypted, which is not supported`);
    if (method !== 0 && method !== 8) throw fail(`${label} uses compression method ${method}; np.savez writes 0 (stored) and np.savez_compressed 8 (deflate)`);
    if (method === 0 && compressed !== size) throw fail(`${label} is stored uncompressed but declares ${compressed} bytes stored and ${size} bytes of content`);
    if (method === 8 && size > compressed * DEFLATE_MAX_RATIO + 64) throw fail(`${label} declares ${size} bytes from ${compressed} compressed, more than deflate can expand to (a ZIP bomb?)`);
    if (size > maxBytes) throw fail(`${label} declares ${size} bytes, above the limit of ${maxBytes}; raise the limit with the maxBytes option if the array is genuine`);
    if (offset + 30 > cdOffset || view.getUint32(offset, true) !== SIG.local) throw fail(`${label}'s local header at byte ${offset} is missing or damaged`);
    const [localMethod, localNameLength, localExtraLength] = [view.getUint16(offset + 8, true), view.getUint16(offset + 26, true), view.getUint16(offset + 28, true)];
    const dataStart = offset + 30 + localNameLength + localExtraLength;
    const localName = bytes.subarray(offset + 30, Math.min(offset + 30 + localNameLength, bytes.length));
    if (localNameLength !== nameLength || !localName.every((c, k) => c === rawName[k])) throw fail(`${label}'s local header names another file`);
    if (localMethod !== method) throw fail(`${label}'s local header says compression method ${localMethod}, the central directory ${method}`);
    if (dataStart + compressed > cdOffset) throw fail(`${label}'s ${compressed} bytes of data at byte ${dataStart} run into the central directory at byte ${cdOffset} (truncated?)`);
    ranges.push([offset, dataStart + compressed, label]);
    entries.push({ name, method, crc, compressed, size, dataStart });
    at = next;
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]![0] < ranges[i - 1]![1]) throw fail(`${ranges[i]![2]} overlaps ${ranges[i - 1]![2]}`);
  }
  return entries;
}

/** Bytes a `.npy` preamble and header need, from as much of their start as is known (12 bytes suffice). */
function npyHeaderEnd(head: Uint8Array): number {
  if (head.length < 12) return 12;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return head[6] === 1 ? 10 + v.getUint16(8, true) : 12 + v.getUint32(8, true);
}

const concat = (parts: readonly Uint8Array[], length: number) => {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};

/** Inflates a deflated entry, checking the `.npy` header it starts with before the array's bytes are allocated. */
function inflateArray(compressed: Uint8Array, e: Entry, arrayName: string, fail: Fail): NpyArray {
  if (e.size <= ONE_CALL_BYTES) {
    let data: Uint8Array;
    try {
      data = inflateSync(compressed, { out: new Uint8Array(e.size + 1) });
    } catch (err) {
      throw fail(`${JSON.stringify(e.name)} holds corrupt or cut-off deflate data (inflate: ${(err as Error).message})`);
    }
    if (data.length > e.size) throw fail(`${JSON.stringify(e.name)} inflates to more than the ${e.size} bytes it declares`);
    return checkedArray(data, e, arrayName, fail);
  }
  const head: Uint8Array[] = [];
  let headLength = 0;
  let out: Uint8Array | null = null;
  let got = 0;
  const take = (chunk: Uint8Array) => {
    if (got + chunk.length > e.size) throw fail(`${JSON.stringify(e.name)} inflates to more than the ${e.size} bytes it declares`);
    if (out !== null) {
      out.set(chunk, got);
      got += chunk.length;
      return;
    }
    head.push(chunk);
    headLength += chunk.length;
    got += chunk.length;
    const start = concat(head, headLength);
    if (headLength < Math.min(e.size, npyHeaderEnd(start)) || headLength < 10) return;
    readNpyHeader(start, arrayName, e.size); // throws unless the header agrees with the declared size
    out = new Uint8Array(e.size);
    out.set(start);
  };
  const inflater = new Inflate((chunk) => take(chunk));
  try {
    for (let i = 0; i < compressed.length; ) {
      const slice = out === null ? 256 : 65536;
      inflater.push(compressed.subarray(i, i + slice), i + slice >= compressed.length);
      i += slice;
    }
    if (compressed.length === 0) inflater.push(compressed, true);
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    throw fail(`${JSON.stringify(e.name)} holds corrupt or cut-off deflate data (inflate: ${(err as Error).message})`);
  }
  if (got !== e.size) throw fail(`${JSON.stringify(e.name)} inflates to ${got} bytes, not the ${e.size} it declares (truncated or corrupt)`);
  return checkedArray(out ?? concat(head, headLength), e, arrayName, fail);
}

/** An entry's whole content: its size, its .npy header and its CRC checked, then its elements. */
function checkedArray(data: Uint8Array, e: Entry, arrayName: string, fail: Fail): NpyArray {
  if (data.length !== e.size) throw fail(`${JSON.stringify(e.name)} inflates to ${data.length} bytes, not the ${e.size} it declares (truncated or corrupt)`);
  const header = readNpyHeader(data, arrayName);
  if (crc32(data) !== e.crc) throw fail(`CRC mismatch in ${JSON.stringify(e.name)}; the file is damaged`);
  return readNpyData(header, data.subarray(header.dataStart), arrayName);
}

/**
 * Parses `.npz` bytes (numpy's `np.savez` or `np.savez_compressed`) into its
 * arrays, by name without the `.npy` ending. Each array is read as
 * {@link parseNpy} reads one.
 *
 * @example
 * ```ts
 * import { encodeNpz, parseNpz } from 'scratchnet';
 * const bytes = encodeNpz({
 *   x: { dtype: 'float32', shape: [2, 2], data: Float32Array.of(0, 1, 1, 0) },
 *   y: { dtype: 'int64', shape: [2], data: Float64Array.of(1, 0) },
 * }, { compress: true });
 * const { x, y } = parseNpz(bytes, 'd.npz');
 * console.log(x!.shape, y!.data); // [2, 2] Float64Array [1, 0]
 * ```
 */
export function parseNpz(bytes: Uint8Array, name = '.npz data', options: NpzOptions = {}): Record<string, NpyArray> {
  const fail: Fail = (why) => new FileFormatError(`${name}: not a valid .npz file: ${why}`);
  if (!(bytes instanceof Uint8Array)) throw fail('expected bytes (a Uint8Array)');
  const maxBytes = options.maxBytes ?? NPZ_MAX_ARRAY_BYTES;
  if (!(maxBytes > 0)) throw new FileFormatError(`parseNpz: maxBytes must be a positive number of bytes, got ${maxBytes}`);
  const arrays: Record<string, NpyArray> = Object.create(null) as Record<string, NpyArray>;
  for (const e of readEntries(bytes, fail, maxBytes)) {
    const key = e.name.slice(0, -4);
    const arrayName = `${name}, array '${key}'`;
    const raw = bytes.subarray(e.dataStart, e.dataStart + e.compressed);
    if (e.method === 8) {
      arrays[key] = inflateArray(raw, e, arrayName, fail);
      continue;
    }
    arrays[key] = checkedArray(raw, e, arrayName, fail);
  }
  return arrays;
}

/**
 * Writes arrays as `.npz` bytes that numpy's `np.load` reads: stored like
 * `np.savez`, or deflated like `np.savez_compressed` with `compress`.
 *
 * @example
 * ```ts
 * import { encodeNpz } from 'scratchnet';
 * const bytes = encodeNpz({ x: { dtype: 'uint8', shape: [3], data: Uint8Array.of(1, 2, 3) } });
 * console.log(bytes[0] === 0x50 && bytes[1] === 0x4b); // true: a ZIP archive ("PK")
 * ```
 */
export function encodeNpz(arrays: Readonly<Record<string, NpyArray>>, options: { readonly compress?: boolean } = {}): Uint8Array {
  const level = options.compress ? 6 : 0;
  const files = Object.fromEntries(Object.entries(arrays).map(([k, a]) => [`${k}.npy`, [encodeNpy(a), { level }] as [Uint8Array, { level: 0 | 6 }]]));
  return zipSync(files);
}
