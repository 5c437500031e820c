/**
 * Format-aware mutations of PNG and JPEG files for the fuzz tests: each picks
 * one field of the format (a chunk or segment length, a CRC, an IHDR or SOF
 * field, a table, the compressed or entropy-coded data, the order of chunks or
 * segments, the end of the file) and damages it, mostly keeping the rest valid
 * (CRCs and segment lengths recomputed) so that the deeper checks are reached.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { Rng } from '../../../src/index.js';
import { damageBytes as damage, pick, randomBytes } from '../../fuzz-harness.js';
import { SIGNATURE, chunk, concat } from './png-writer.js';



// ---------------------------------------------------------------- PNG

interface Chunk {
  type: string;
  data: Uint8Array;
}

export function pngChunks(png: Uint8Array): Chunk[] {
  const out: Chunk[] = [];
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at < png.length; ) {
    const length = v.getUint32(at);
    out.push({ type: String.fromCharCode(...png.subarray(at + 4, at + 8)), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

const serializePng = (chunks: readonly Chunk[]) => concat([SIGNATURE, ...chunks.map((c) => chunk(c.type, c.data))]);

const BOMB = deflateSync(new Uint8Array(16 * 2 ** 20)); // 16 MB of zeros in about 16 KB

/** The mutated field's name (for the report) and the mutated file. */
/** The parts of a PNG that mutatePng aims at. */
export const PNG_FIELDS = ['IHDR', 'IDAT', 'PLTE', 'tRNS', 'order', 'length', 'CRC', 'bytes', 'cut'] as const;

export function mutatePng(base: Uint8Array, rng: Rng, aim?: (typeof PNG_FIELDS)[number]): { field: string; bytes: Uint8Array } {
  const chunks = pngChunks(base);
  const idx = (type: string) => chunks.findIndex((c) => c.type === type);
  const field = aim ?? pick(rng, ['IHDR', 'IHDR', 'IDAT', 'IDAT', 'IDAT', 'PLTE', 'tRNS', 'order', 'length', 'CRC', 'bytes', 'cut'] as const);
  switch (field) {
    case 'IHDR': {
      const d = chunks[0]!.data.slice();
      const v = new DataView(d.buffer);
      const which = rng.int(7);
      if (which < 2) v.setUint32(4 * which, pick(rng, [0, 1, 2, 7, 8, 9, 255, 7071, 7072, 20000, 100000, 0x7fffffff, 0x80000000, 0xffffffff, rng.int(2 ** 32)]));
      else d[6 + which] = pick(rng, [0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 255, rng.int(256)]);
      chunks[0] = { type: 'IHDR', data: rng.int(10) === 0 ? d.subarray(0, rng.int(13)) : d };
      return { field: `IHDR ${['width', 'height', 'bit depth', 'colour type', 'compression', 'filter', 'interlace'][which]}`, bytes: serializePng(chunks) };
    }
    case 'IDAT': {
      const first = idx('IDAT');
      const z = concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
      const raw = inflateSync(z);
      let nz: Uint8Array;
      const how = rng.int(8);
      if (how === 0) nz = damage(rng, z);
      else if (how === 1) nz = deflateSync(raw.subarray(0, raw.length - 1 - rng.int(Math.max(1, raw.length - 1))));
      else if (how === 2) nz = deflateSync(concat([raw, randomBytes(rng, rng.int(64) + 1)]));
      else if (how === 3) nz = deflateSync(Uint8Array.from(raw, (b, i) => (i === 0 || rng.int(50) === 0 ? 5 + rng.int(251) : b)));
      else if (how === 4) {
        // random samples behind valid filter bytes (rows of a non-interlaced image), so palette indices and sample values are reached
        const h = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset);
        const row = 1 + Math.ceil((h.getUint32(0) * ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[h.getUint8(9)] ?? 1) * h.getUint8(8)) / 8);
        nz = deflateSync(Uint8Array.from({ length: raw.length }, (_, i) => (i % row === 0 ? rng.int(5) : rng.int(256))));
      }
      else if (how === 5) nz = BOMB;
      else if (how === 6) nz = randomBytes(rng, rng.int(z.length + 8));
      else nz = z.subarray(0, rng.int(z.length));
      const parts: Chunk[] = [];
      const size = rng.int(3) === 0 ? 1 + rng.int(Math.max(1, nz.length)) : nz.length || 1;
      for (let i = 0; i < nz.length || i === 0; i += size) parts.push({ type: 'IDAT', data: nz.subarray(i, i + size) });
      const rest = chunks.filter((c) => c.type !== 'IDAT');
      rest.splice(first, 0, ...parts);
      return { field: `IDAT ${['stream damaged', 'rows short', 'rows long', 'filter bytes', 'random rows', 'zlib bomb', 'random stream', 'stream cut'][how]}`, bytes: serializePng(rest) };
    }
    case 'PLTE': {
      const i = idx('PLTE');
      const how = rng.int(4);
      const pal = i >= 0 ? chunks[i]!.data : randomBytes(rng, 3 * (1 + rng.int(4)));
      const data = how === 0 ? pal.subarray(0, rng.int(pal.length)) : how === 1 ? concat([pal, randomBytes(rng, rng.int(800))]) : how === 2 ? pal.subarray(0, 3 * rng.int(1 + pal.length / 3)) : damage(rng, pal);
      if (i >= 0) chunks[i] = { type: 'PLTE', data };
      else chunks.splice(1, 0, { type: 'PLTE', data });
      return { field: 'PLTE', bytes: serializePng(chunks) };
    }
    case 'tRNS': {
      const i = idx('tRNS');
      const data = randomBytes(rng, pick(rng, [0, 1, 2, 3, 6, 7, 255, 300]));
      if (i >= 0 && rng.int(3) === 0) chunks.splice(i, 1);
      else if (i >= 0) chunks[i] = { type: 'tRNS', data };
      else chunks.splice(Math.max(1, idx('IDAT')), 0, { type: 'tRNS', data });
      return { field: 'tRNS', bytes: serializePng(chunks) };
    }
    case 'order': {
      const how = rng.int(5);
      const i = rng.int(chunks.length);
      const j = rng.int(chunks.length);
      if (how === 0) chunks.splice(i, 1);
      else if (how === 1) chunks.splice(j, 0, chunks[i]!);
      else if (how === 2) [chunks[i], chunks[j]] = [chunks[j]!, chunks[i]!];
      else if (how === 3) chunks.splice(j, 0, { type: pick(rng, ['tEXt', 'zTXt', 'iCCP', 'gAMA', 'ABCD', 'IDAT', 'aBCd']), data: randomBytes(rng, rng.int(20)) });
      else chunks[i] = { type: String.fromCharCode(...randomBytes(rng, 4)), data: chunks[i]!.data };
      return { field: `chunk order (${['removed', 'duplicated', 'swapped', 'inserted', 'renamed'][how]})`, bytes: serializePng(chunks) };
    }
    case 'length':
    case 'CRC': {
      const bytes = serializePng(chunks);
      const starts: number[] = [];
      for (let at = 8; at < bytes.length; at += 12 + new DataView(bytes.buffer).getUint32(at)) starts.push(at);
      const at = pick(rng, starts);
      const v = new DataView(bytes.buffer);
      const len = v.getUint32(at);
      if (field === 'length') v.setUint32(at, pick(rng, [0, 1, len - 1, len + 1, len + 12, 0x7fffffff, 0x80000000, 0xffffffff, rng.int(2 ** 32)]) >>> 0);
      else v.setUint32(at + 8 + len, v.getUint32(at + 8 + len) ^ (1 + rng.int(2 ** 31)));
      return { field: `chunk ${field}`, bytes };
    }
    case 'bytes':
      return { field: 'random bytes', bytes: damage(rng, base) };
    default:
      return { field: 'file cut', bytes: base.subarray(0, rng.int(base.length)) };
  }
}

// ---------------------------------------------------------------- JPEG

interface Segment {
  marker: number;
  data: Uint8Array;
  /** Entropy-coded data after an SOS header. */
  scan?: Uint8Array;
}

export function jpegSegments(jpg: Uint8Array): Segment[] {
  const out: Segment[] = [];
  for (let at = 2; at < jpg.length; ) {
    const marker = jpg[at + 1]!;
    if (marker === 0xd9) break;
    const length = (jpg[at + 2]! << 8) | jpg[at + 3]!;
    const seg: Segment = { marker, data: jpg.subarray(at + 4, at + 2 + length) };
    at += 2 + length;
    if (marker === 0xda) {
      const start = at;
      while (!(jpg[at] === 0xff && jpg[at + 1] !== 0 && !(jpg[at + 1]! >= 0xd0 && jpg[at + 1]! <= 0xd7))) at++;
      seg.scan = jpg.subarray(start, at);
    }
    out.push(seg);
  }
  return out;
}

function serializeJpeg(segs: readonly Segment[], eoi = true): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0xff, 0xd8)];
  for (const s of segs) {
    const n = s.data.length + 2;
    parts.push(Uint8Array.of(0xff, s.marker, (n >> 8) & 255, n & 255), s.data);
    if (s.scan) parts.push(s.scan);
  }
  if (eoi) parts.push(Uint8Array.of(0xff, 0xd9));
  return concat(parts);
}

/** The parts of a JPEG that mutateJpeg aims at. */
export const JPEG_FIELDS = ['SOF', 'DHT', 'DQT', 'SOS', 'scan data', 'DRI', 'order', 'length', 'bytes', 'cut'] as const;

export function mutateJpeg(base: Uint8Array, rng: Rng, aim?: (typeof JPEG_FIELDS)[number]): { field: string; bytes: Uint8Array } {
  const segs = jpegSegments(base);
  const find = (test: (m: number) => boolean) => segs.findIndex((s) => test(s.marker));
  const sof = find((m) => m === 0xc0 || m === 0xc1 || m === 0xc2);
  const field = aim ?? pick(rng, ['SOF', 'SOF', 'DHT', 'DQT', 'SOS', 'scan data', 'scan data', 'DRI', 'order', 'length', 'bytes', 'cut'] as const);
  const edit = (i: number, f: (d: Uint8Array) => Uint8Array) => (segs[i] = { ...segs[i]!, data: f(segs[i]!.data.slice()) });
  switch (field) {
    case 'SOF': {
      const which = rng.int(7);
      if (which === 0) segs[sof] = { ...segs[sof]!, marker: pick(rng, [0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xcf]) };
      else
        edit(sof, (d) => {
          if (which === 1) d[0] = pick(rng, [0, 8, 12, 16, 255]);
          else if (which === 2 || which === 3) {
            const v = pick(rng, [0, 1, 7, 8, 9, 16, 17, 600, 4999, 5000, 7071, 7072, 65535, rng.int(65536)]);
            [d[which === 2 ? 1 : 3], d[which === 2 ? 2 : 4]] = [v >> 8, v & 255];
            if (rng.int(3) === 0) [d[which === 2 ? 3 : 1], d[which === 2 ? 4 : 2]] = [v >> 8, v & 255]; // both sides
          } else if (which === 4) d[5] = pick(rng, [0, 1, 2, 3, 4, 5, 255]);
          else if (which === 5) d[7 + 3 * rng.int(Math.max(1, d[5]!))] = pick(rng, [0x00, 0x10, 0x01, 0x11, 0x12, 0x21, 0x22, 0x44, 0x45, 0xff, rng.int(256)]);
          else d[6 + 3 * rng.int(Math.max(1, d[5]!)) + rng.int(3) * (rng.int(2) ? 2 : 0)] = rng.int(256);
          return rng.int(8) === 0 ? damage(rng, d) : d;
        });
      return { field: `SOF ${['marker', 'precision', 'height', 'width', 'components', 'sampling', 'component id / table'][which]}`, bytes: serializeJpeg(segs) };
    }
    case 'DHT':
    case 'DQT': {
      const i = find((m) => m === (field === 'DHT' ? 0xc4 : 0xdb));
      if (rng.int(5) === 0) segs.splice(i, 1);
      else
        edit(i, (d) => {
          const how = rng.int(4);
          if (how === 0) d[0] = rng.int(256);
          else if (how === 1 && field === 'DHT') d[1 + rng.int(16)] = pick(rng, [0, 1, 2, 100, 255, rng.int(256)]);
          else if (how === 2) return d.subarray(0, rng.int(d.length));
          else return damage(rng, d);
          return d;
        });
      return { field, bytes: serializeJpeg(segs) };
    }
    case 'SOS': {
      const i = find((m) => m === 0xda);
      edit(i, (d) => {
        const ns = d[0]!;
        const at = pick(rng, [0, 1 + 2 * rng.int(Math.max(1, ns)), 2 + 2 * rng.int(Math.max(1, ns)), 1 + 2 * ns, 2 + 2 * ns, 3 + 2 * ns]);
        d[at] = pick(rng, [0, 1, 2, 3, 4, 5, 0x10, 0x11, 0x44, 63, 64, 0xff, rng.int(256)]);
        return rng.int(8) === 0 ? damage(rng, d) : d;
      });
      return { field: 'SOS', bytes: serializeJpeg(segs) };
    }
    case 'scan data': {
      const i = find((m) => m === 0xda);
      const s = segs[i]!.scan!;
      const how = rng.int(5);
      let scan: Uint8Array;
      if (how === 0) scan = Uint8Array.from(s, (b) => (rng.int(40) === 0 && b !== 0xff ? rng.int(255) : b));
      else if (how === 1) scan = s.subarray(0, rng.int(s.length));
      else if (how === 2) {
        const at = rng.int(s.length);
        scan = concat([s.subarray(0, at), Uint8Array.of(0xff, pick(rng, [0x00, 0xd0, 0xd3, 0xd7, 0xd9, 0xda, 0xc4, rng.int(256)])), s.subarray(at)]);
      } else if (how === 3) scan = randomBytes(rng, rng.int(2 * s.length + 1)).map((b) => (b === 0xff ? 0xfe : b));
      else scan = new Uint8Array(0);
      segs[i] = { ...segs[i]!, scan };
      return { field: `scan data (${['flipped', 'cut', 'marker inserted', 'random', 'empty'][how]})`, bytes: serializeJpeg(segs) };
    }
    case 'DRI': {
      const v = pick(rng, [0, 1, 2, 3, 65535]);
      segs.splice(Math.max(0, sof), 0, { marker: 0xdd, data: rng.int(6) === 0 ? Uint8Array.of(v) : Uint8Array.of(v >> 8, v & 255) });
      return { field: 'DRI', bytes: serializeJpeg(segs) };
    }
    case 'order': {
      const how = rng.int(5);
      const i = rng.int(segs.length);
      const j = rng.int(segs.length);
      if (how === 0) segs.splice(i, 1);
      else if (how === 1) segs.splice(j, 0, segs[i]!);
      else if (how === 2) [segs[i], segs[j]] = [segs[j]!, segs[i]!];
      else if (how === 3) segs.splice(j, 0, { marker: pick(rng, [0xe0, 0xe1, 0xee, 0xfe, 0xc8, 0xf0, 0x02, 0xdc, 0xd0]), data: randomBytes(rng, rng.int(20)) });
      else return { field: 'no EOI', bytes: serializeJpeg(segs, false) };
      return { field: `segment order (${['removed', 'duplicated', 'swapped', 'inserted'][how]})`, bytes: serializeJpeg(segs) };
    }
    case 'length': {
      const bytes = serializeJpeg(segs);
      const starts: number[] = [];
      for (let at = 2; at + 4 <= bytes.length && bytes[at + 1] !== 0xda; at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!)) starts.push(at);
      const at = pick(rng, starts);
      const len = (bytes[at + 2]! << 8) | bytes[at + 3]!;
      const v = pick(rng, [0, 1, 2, len - 1, len + 1, len + 64, 65535, rng.int(65536)]) & 0xffff;
      [bytes[at + 2], bytes[at + 3]] = [v >> 8, v & 255];
      return { field: 'segment length', bytes };
    }
    case 'bytes':
      return { field: 'random bytes', bytes: damage(rng, base) };
    default:
      return { field: 'file cut', bytes: base.subarray(0, rng.int(base.length)) };
  }
}
