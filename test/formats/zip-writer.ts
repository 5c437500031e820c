/**
 * A ZIP writer for tests, field by field, so the fuzzers and tests can shape every
 * field: methods, flags, ZIP64 extras in the local header (as np.savez writes
 * them) or the central directory, comments.
 */
import { deflateRawSync } from 'node:zlib';

/** One entry of {@link writeZip}: its name and content, and any field to set by hand. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** 0 stored (default) or 8 deflate; other values are written as given with the data stored. */
  readonly method?: number;
  readonly flags?: number;
  /** Declared sizes and CRC; default the true ones. */
  readonly size?: number;
  readonly compressed?: number;
  readonly crc?: number;
  /** ZIP64 extra with the sizes in the local header (np.savez does this). */
  readonly zip64Local?: boolean;
  /** Sizes and offset as 0xFFFFFFFF in the central directory, the values in a ZIP64 extra. */
  readonly zip64Central?: boolean;
}

const TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32, written out here rather than taken from the reader under test. */
export function crc32(b: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

function zip64Extra(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + 8 * values.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, 1, true);
  v.setUint16(2, 8 * values.length, true);
  values.forEach((x, i) => v.setBigUint64(4 + 8 * i, BigInt(x), true));
  return out;
}

export function writeZip(entries: readonly ZipEntry[], comment = new Uint8Array(0)): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const body = e.method === 8 ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const [crc, compressed, size] = [e.crc ?? crc32(e.data), e.compressed ?? body.length, e.size ?? e.data.length];
    const localExtra = e.zip64Local ? zip64Extra([size, compressed]) : new Uint8Array(0);
    const local = new Uint8Array(30 + name.length + localExtra.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, e.zip64Local ? 45 : 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, e.method ?? 0, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, e.zip64Local ? 0xffffffff : compressed, true);
    lv.setUint32(22, e.zip64Local ? 0xffffffff : size, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, localExtra.length, true);
    local.set(name, 30);
    local.set(localExtra, 30 + name.length);
    const centralExtra = e.zip64Central ? zip64Extra([size, compressed, offset]) : new Uint8Array(0);
    const c = new Uint8Array(46 + name.length + centralExtra.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 45, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, e.method ?? 0, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, e.zip64Central ? 0xffffffff : compressed, true);
    cv.setUint32(24, e.zip64Central ? 0xffffffff : size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, centralExtra.length, true);
    cv.setUint32(42, e.zip64Central ? 0xffffffff : offset, true);
    c.set(name, 46);
    c.set(centralExtra, 46 + name.length);
    central.push(c);
    parts.push(local, body);
    offset += local.length + body.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22 + comment.length);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  ev.setUint16(20, comment.length, true);
  end.set(comment, 22);
  return join([...parts, ...central, end]);
}
