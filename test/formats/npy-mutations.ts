/**
 * Seeded .npy and .npz files for the fuzzers: a fresh valid file per case (any
 * dtype, byte order, version, shape, key order and spacing), and mutators aimed
 * at each field: the magic, version, header length, the dict's descr,
 * fortran_order and shape, its syntax, the data length; for .npz the end record,
 * central directory entries, local headers, names, ZIP64 extras, sizes, the
 * deflate stream, overlaps and the arrays inside.
 */
import { Rng } from '../../src/index.js';
import { Valid, damageBytes as damage, pick, randomBytes, type Mutator } from '../fuzz-harness.js';
import { writeZip, type ZipEntry } from './zip-writer.js';


const CODES = [['f4', 4], ['f8', 8], ['i4', 4], ['i8', 8], ['u1', 1]] as const;

/** The parts of a .npy file, each free to be damaged before {@link buildNpy} joins them. */
export interface NpyParts {
  descr: string;
  fortran: string;
  shape: string;
  keys: string[];
  quote: string;
  spacing: string;
  trailingComma: boolean;
  version: number;
  data: Uint8Array;
}

function dataFor(rng: Rng, code: string, size: number, count: number, little: boolean): Uint8Array {
  const out = new Uint8Array(count * size);
  const v = new DataView(out.buffer);
  for (let i = 0; i < count; i++) {
    const o = i * size;
    const x = rng.normal() * 100;
    if (code === 'f4') v.setFloat32(o, x, little);
    else if (code === 'f8') v.setFloat64(o, x, little);
    else if (code === 'i4') v.setInt32(o, Math.round(x), little);
    else if (code === 'i8') v.setBigInt64(o, BigInt(Math.round(x * 1e6)), little);
    else out[o] = rng.int(256);
  }
  return out;
}

export function randomNpyParts(rng: Rng): NpyParts {
  const [code, size] = pick(rng, CODES);
  const little = rng.int(2) === 0;
  const order = size === 1 ? pick(rng, ['|', '<', '>']) : little ? '<' : '>';
  const dims = Array.from({ length: rng.int(4) }, () => rng.int(6));
  const count = dims.reduce((a, b) => a * b, 1);
  return {
    descr: `${order}${code}`,
    fortran: 'False',
    shape: dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(rng.int(2) ? ', ' : ',')})`,
    keys: rng.permutation(3).reduce<string[]>((ks, i) => [...ks, ['descr', 'fortran_order', 'shape'][i]!], []),
    quote: rng.int(4) === 0 ? '"' : "'",
    spacing: pick(rng, [' ', '', '  ']),
    trailingComma: rng.int(2) === 0,
    version: pick(rng, [1, 1, 1, 2, 3]),
    data: dataFor(rng, code, size, count, order !== '>'),
  };
}

export function npyDict(p: NpyParts): string {
  const q = (s: string) => `${p.quote}${s}${p.quote}`;
  const value: Record<string, string> = { descr: q(p.descr), fortran_order: p.fortran, shape: p.shape };
  const items = p.keys.map((k) => `${q(k)}:${p.spacing}${value[k] ?? q('?')}`);
  return `{${items.join(`,${p.spacing}`)}${p.trailingComma ? `,${p.spacing}` : ''}}`;
}

/** Magic, version, length, the dict padded with spaces and a newline to a multiple of 64, the data. */
export function buildNpy(p: NpyParts, dict = npyDict(p), lengthOverride?: number): Uint8Array {
  const pre = p.version === 1 ? 10 : 12;
  const text = new TextEncoder().encode(dict.padEnd(Math.ceil((pre + dict.length + 1) / 64) * 64 - pre - 1, ' ') + '\n');
  const out = new Uint8Array(pre + text.length + p.data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, p.version, 0]);
  const v = new DataView(out.buffer);
  if (p.version === 1) v.setUint16(8, lengthOverride ?? text.length, true);
  else v.setUint32(8, lengthOverride ?? text.length, true);
  out.set(text, pre);
  out.set(p.data, pre + text.length);
  return out;
}


const BAD_DESCR = ['<f2', '|O', '<U3', '|S5', '>c8', '<i2', '|b1', '<u8', 'f4', '=f8', '<f4', '>i8', '|u1', '<u1', '<f16', '', '<x4', 'float32', "[('a', '<f4')]", '<M8[ns]'];
const BAD_SHAPE = ['()', '(-1,)', '(2.5,)', '(3, 4)', '(99999999999,)', '(65536, 65536)', '(4294967296, 4294967296, 2)', 'None', '[3]', '(3', '(,)', '(1,,2)', "('3',)", '(1, 2, 3, 4, 5, 6)', '(0,)', '(7,)'];
const BAD_FORTRAN = ['True', '1', '0', 'None', "'False'", 'true', 'False'];
const SYNTAX = "{}()',:\" \n\\[]0123456789TrueFalse";

/** Mutators aimed at each field of a .npy file; every case starts from a fresh random file. */
export const npyMutators: Readonly<Record<string, Mutator>> = {
  valid: (rng) => new Valid(buildNpy(randomNpyParts(rng))),
  magic: (rng) => {
    const b = buildNpy(randomNpyParts(rng));
    const i = rng.int(6);
    b[i] = (b[i]! + 1 + rng.int(255)) % 256;
    return b;
  },
  version: (rng) => {
    const b = buildNpy(randomNpyParts(rng));
    b[6] = pick(rng, [0, 4, 5, 255, 1, 2, 3]);
    b[7] = pick(rng, [0, 0, 1, 255]);
    return b;
  },
  'header length': (rng) => {
    const p = randomNpyParts(rng);
    const real = buildNpy(p).length - p.data.length - (p.version === 1 ? 10 : 12);
    const len = pick(rng, [0, 1, rng.int(real), real + 1 + rng.int(200), 65535, 65537 + rng.int(1000), rng.int(2 ** 31)]);
    return buildNpy(p, undefined, p.version === 1 ? len % 65536 : len);
  },
  descr: (rng) => buildNpy({ ...randomNpyParts(rng), descr: pick(rng, BAD_DESCR) }),
  'fortran_order': (rng) => buildNpy({ ...randomNpyParts(rng), fortran: pick(rng, BAD_FORTRAN.slice(0, -1)) }),
  shape: (rng) => buildNpy({ ...randomNpyParts(rng), shape: pick(rng, BAD_SHAPE) }),
  keys: (rng) => {
    const p = randomNpyParts(rng);
    const keys = [...p.keys];
    const k = rng.int(4);
    if (k === 0) keys.splice(rng.int(3), 1);
    else if (k === 1) keys.push(pick(rng, keys));
    else if (k === 2) keys.push(pick(rng, ['extra', 'Descr', '']));
    else keys[rng.int(3)] = pick(rng, ['dtype', 'fortran', 'shapes']);
    return buildNpy({ ...p, keys });
  },
  'dict syntax': (rng) => {
    const p = randomNpyParts(rng);
    const dict = npyDict(p);
    const at = rng.int(dict.length);
    const edited = rng.int(2) ? dict.slice(0, at) + dict.slice(at + 1 + rng.int(3)) : dict.slice(0, at) + SYNTAX[rng.int(SYNTAX.length)] + dict.slice(at);
    return buildNpy(p, edited);
  },
  'header bytes': (rng) => {
    const p = { ...randomNpyParts(rng), version: 3 };
    const b = buildNpy(p);
    b[12 + rng.int(Math.max(1, b.length - p.data.length - 13))] = 0x80 + rng.int(0x40);
    return b;
  },
  'data length': (rng) => {
    const p = randomNpyParts(rng);
    const n = p.data.length;
    const cut = rng.int(2) === 0 && n > 0;
    return buildNpy({ ...p, data: cut ? p.data.subarray(0, rng.int(n)) : new Uint8Array([...p.data, ...randomBytes(rng, 1 + rng.int(16))]) });
  },
  'int64 range': (rng) => {
    const n = 1 + rng.int(6);
    const data = new Uint8Array(8 * n);
    const v = new DataView(data.buffer);
    for (let i = 0; i < n; i++) v.setBigInt64(8 * i, BigInt(Math.round(rng.normal() * 1000)), true);
    v.setBigInt64(8 * rng.int(n), (rng.int(2) ? 1n : -1n) * (2n ** 53n + BigInt(rng.int(2 ** 30))), true);
    return buildNpy({ ...randomNpyParts(rng), descr: '<i8', shape: `(${n},)`, data, version: 1 });
  },
  damage: (rng) => damage(rng, buildNpy(randomNpyParts(rng))),
};

const NAMES = ['x', 'y', 'z', 'features', 'labels', 'a_b', 'ÿ'];

/** A fresh random .npz: 1-3 arrays, stored or deflated, ZIP64 local headers as np.savez writes them, now and then a comment. */
export function randomNpzEntries(rng: Rng): ZipEntry[] {
  const names = rng.permutation(NAMES.length).slice(0, 1 + rng.int(3));
  return [...names].map((i) => ({
    name: `${NAMES[i]}.npy`,
    data: buildNpy(randomNpyParts(rng)),
    method: rng.int(2) ? 8 : 0,
    zip64Local: rng.int(2) === 0,
    zip64Central: rng.int(6) === 0,
    flags: NAMES[i] === 'ÿ' ? 0x800 : 0,
  }));
}

const comment = (rng: Rng) => (rng.int(5) === 0 ? randomBytes(rng, rng.int(30)) : new Uint8Array(0));

/** Where the end record and each central directory entry start in a valid archive. */
function layout(b: Uint8Array): { end: number; central: number[] } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let end = b.length - 22;
  while (v.getUint32(end, true) !== 0x06054b50) end--;
  const central: number[] = [];
  for (let i = 0, at = v.getUint32(end + 16, true); i < v.getUint16(end + 10, true); i++) {
    central.push(at);
    at += 46 + v.getUint16(at + 28, true) + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  return { end, central };
}

function setField(rng: Rng, b: Uint8Array, at: number, bytes: 2 | 4): void {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const old = bytes === 2 ? v.getUint16(at, true) : v.getUint32(at, true);
  const max = bytes === 2 ? 0xffff : 0xffffffff;
  const value = pick(rng, [0, 1, max, old + 1, Math.max(0, old - 1), rng.int(max), old + 1 + rng.int(64), Math.max(0, old - 1 - rng.int(64))]) % (max + 1);
  if (bytes === 2) v.setUint16(at, value, true);
  else v.setUint32(at, value, true);
}

const END_FIELDS: readonly [number, 2 | 4][] = [[0, 4], [4, 2], [6, 2], [8, 2], [10, 2], [12, 4], [16, 4], [20, 2]];
const CENTRAL_FIELDS: readonly [number, 2 | 4][] = [[0, 4], [8, 2], [10, 2], [16, 4], [20, 4], [24, 4], [28, 2], [30, 2], [32, 2], [42, 4]];
const LOCAL_FIELDS: readonly [number, 2 | 4][] = [[0, 4], [6, 2], [8, 2], [26, 2], [28, 2]];

/** Mutators aimed at each field of a .npz archive; every case starts from a fresh random archive. */
export const npzMutators: Readonly<Record<string, Mutator>> = {
  valid: (rng) => new Valid(writeZip(randomNpzEntries(rng), comment(rng))),
  'end record': (rng) => {
    const b = writeZip(randomNpzEntries(rng), comment(rng));
    const [off, size] = pick(rng, END_FIELDS);
    setField(rng, b, layout(b).end + off, size);
    return b;
  },
  'central entry': (rng) => {
    const b = writeZip(randomNpzEntries(rng).map((e) => ({ ...e, zip64Central: false })));
    const [off, size] = pick(rng, CENTRAL_FIELDS);
    setField(rng, b, pick(rng, layout(b).central) + off, size);
    return b;
  },
  'local header': (rng) => {
    const b = writeZip(randomNpzEntries(rng).map((e) => ({ ...e, zip64Central: false })));
    const v = new DataView(b.buffer);
    const [off, size] = pick(rng, LOCAL_FIELDS);
    const local = v.getUint32(pick(rng, layout(b).central) + 42, true);
    if (rng.int(5) === 0) b[local + 30] = (b[local + 30]! + 1) % 256; // the name
    else setField(rng, b, local + off, size);
    return b;
  },
  names: (rng) => {
    const entries = randomNpzEntries(rng);
    const i = rng.int(entries.length);
    const k = rng.int(4);
    const name = k === 0 ? pick(rng, ['x.txt', '.npy', 'x/', 'x.NPY', 'x.npy.gz']) : k === 1 ? entries[0]!.name : entries[i]!.name;
    const flags = k === 2 ? 0x800 : entries[i]!.flags;
    const bad: ZipEntry = { ...entries[i]!, name: k === 2 ? `${name.slice(0, -4)}\udc80.npy` : name, flags };
    const out = entries.map((e, j) => (j === i ? bad : e));
    if (k === 1 && out.length === 1) out.push({ ...out[0]! });
    if (k === 3) return writeZip([...out, { ...out[i]!, flags: 1 }]);
    const b = writeZip(out);
    if (k === 2) { // an invalid UTF-8 byte in a name flagged as UTF-8
      const { central } = layout(b);
      for (const c of central) b[c + 46] = 0xc3, b[c + 47] = 0x28;
    }
    return b;
  },
  zip64: (rng) => {
    const b = writeZip(randomNpzEntries(rng).map((e) => ({ ...e, zip64Central: true })));
    const v = new DataView(b.buffer);
    const c = pick(rng, layout(b).central);
    const nameLength = v.getUint16(c + 28, true);
    const k = rng.int(3);
    if (k === 0) v.setUint16(c + 46 + nameLength, 7, true); // the extra field's id: no ZIP64 field
    else if (k === 1) v.setUint16(c + 46 + nameLength + 2, 8 * rng.int(3), true); // too short
    else v.setBigUint64(c + 46 + nameLength + 4 + 8 * rng.int(3), BigInt(rng.int(2) ? 2 ** 60 : rng.int(1 << 20)), true);
    return b;
  },
  sizes: (rng) => {
    const entries = randomNpzEntries(rng);
    const i = rng.int(entries.length);
    const e = entries[i]!;
    const size = pick(rng, [e.data.length + 1 + rng.int(50), Math.max(0, e.data.length - 1 - rng.int(50)), 2 ** 31 + rng.int(1000), 100_000_000]);
    return writeZip(entries.map((x, j) => (j === i ? { ...e, size, method: rng.int(3) ? 8 : 0 } : x)));
  },
  'deflate data': (rng) => {
    const entries = randomNpzEntries(rng).map((e) => ({ ...e, method: 8, zip64Central: false }));
    const b = writeZip(entries);
    const v = new DataView(b.buffer);
    const c = pick(rng, layout(b).central);
    const local = v.getUint32(c + 42, true);
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const n = v.getUint32(c + 20, true);
    for (let k = 1 + rng.int(3); k > 0; k--) b[start + rng.int(Math.max(1, n))]! ^= 1 << rng.int(8);
    return b;
  },
  overlap: (rng) => {
    const entries = randomNpzEntries(rng).map((e) => ({ ...e, zip64Central: false }));
    if (entries.length === 1) entries.push({ ...entries[0]!, name: 'other.npy' });
    const b = writeZip(entries);
    const v = new DataView(b.buffer);
    const { central } = layout(b);
    const [a, c] = [central[0]!, central[1]!];
    v.setUint32(c + 42, v.getUint32(a + 42, true) + pick(rng, [0, 1, 10]), true);
    return b;
  },
  'array inside': (rng) => {
    const entries = randomNpzEntries(rng);
    const i = rng.int(entries.length);
    const names = Object.keys(npyMutators).filter((k) => k !== 'valid');
    const bad = npyMutators[pick(rng, names)]!(rng) as Uint8Array;
    return writeZip(entries.map((e, j) => (j === i ? { ...e, data: bad } : e)));
  },
  damage: (rng) => damage(rng, writeZip(randomNpzEntries(rng), comment(rng))),
};
