/**
 * Mutations of a safetensors file aimed at each of its fields (the 8-byte header
 * length, the JSON text, each entry's dtype, shape and data_offsets, the
 * __metadata__, the tensor set, the data), and the reader's table of checks.
 * Used by the safetensors fuzzer and, for the container, by the checkpoint fuzzer.
 */
import { Rng } from '../../src/index.js';
import { Valid, pick, type Mutator } from '../fuzz-harness.js';

/** A safetensors file taken apart: the header as JSON data, and the data bytes. */
export interface Parts {
  readonly header: Record<string, unknown>;
  readonly data: Uint8Array;
}

type Entry = { dtype: unknown; shape: unknown; data_offsets: unknown };

const encoder = new TextEncoder();

/** Header length (little-endian, 8 bytes; `declared` defaults to the text's length), the text, the data. */
export function assemble(text: string | Uint8Array, data: Uint8Array, declared?: number): Uint8Array {
  const json = typeof text === 'string' ? encoder.encode(text) : text;
  const out = new Uint8Array(8 + json.length + data.length);
  const n = declared ?? json.length;
  const view = new DataView(out.buffer);
  view.setUint32(0, n % 2 ** 32, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Takes apart a file written by encodeSafetensors (trusted). */
export function split(bytes: Uint8Array): Parts {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>, data: bytes.slice(8 + n) };
}

const NAMES = ['W1', 'b1', 'W2', 'b2', 'gamma1', 'beta1', 'running_mean1', 'x', 'a.b', 'é', 'W 3', '__x'];

/** A fresh valid file: 1-4 tensors (F32 or F64, rank 0-3, dimensions 0-4, random bytes) and 0-2 metadata strings. */
export function randomParts(rng: Rng): Parts {
  const header: Record<string, unknown> = {};
  const names = Array.from(rng.permutation(NAMES.length).subarray(0, rng.int(4) + 1), (i) => NAMES[i]!);
  let offset = 0;
  for (const name of names) {
    const dtype = rng.int(2) === 0 ? 'F32' : 'F64';
    const shape = Array.from({ length: rng.int(4) }, () => rng.int(5));
    const bytes = shape.reduce((a, b) => a * b, 1) * (dtype === 'F32' ? 4 : 8);
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  if (rng.int(2) === 0) header.__metadata__ = Object.fromEntries(Array.from({ length: rng.int(3) }, (_, i) => [`k${i}`, `v${rng.int(1000)}`]));
  return { header, data: Uint8Array.from({ length: offset }, () => rng.int(256)) };
}

function entries(p: Parts): [string, Entry][] {
  return Object.entries(p.header).filter(([k, v]) => k !== '__metadata__' && v !== null && typeof v === 'object') as [string, Entry][];
}

function clone(p: Parts): { header: Record<string, unknown>; data: Uint8Array } {
  return { header: structuredClone(p.header), data: p.data.slice() };
}

/** A file from parts, with the JSON as encodeSafetensors writes it. */
export function build(p: Parts): Uint8Array {
  return assemble(JSON.stringify(p.header), p.data);
}

/** A value no field should take: the wrong type, or a number out of range. */
function junk(rng: Rng): unknown {
  return pick(rng, [() => -1 - rng.int(1000), () => rng.int(100) + 0.5, () => 2 ** 53 + rng.int(1000) * 2, () => 1e300, () => String(rng.int(100)), () => null, () => true, () => [], () => ({}), () => `x${rng.int(1e6)}`])();
}

/** One entry to aim at, and a copy of the parts to change. */
function target(rng: Rng, base: Parts): { p: { header: Record<string, unknown>; data: Uint8Array }; name: string; e: Entry } {
  const p = clone(base);
  const [name, e] = pick(rng, entries(p));
  return { p, name, e };
}

/** A number near, or far from, `v`: aimed at off-by-one, alignment and range checks. */
function near(rng: Rng, v: number, span: number): number {
  return pick(rng, [() => v + 1, () => v - 1, () => v + 4, () => v - 4, () => v + 8, () => v - 8, () => rng.int(span + 64), () => v + rng.int(1000) + 1, () => 2 ** 32 + rng.int(1000), () => 2 ** 53 - 1 - rng.int(2)])();
}

/** Mutators aimed at each field of a safetensors file; `base` gives the file to start from. */
export function safetensorsMutators(base: (rng: Rng) => Parts): Record<string, Mutator> {
  return {
    'header length': (rng) => {
      const p = base(rng);
      const text = encoder.encode(JSON.stringify(p.header));
      const n = text.length;
      const file = n + p.data.length;
      const declared = pick(rng, [() => n + 1 + rng.int(64), () => Math.max(0, n - 1 - rng.int(64)), () => rng.int(file + 1), () => file + 1 + rng.int(1000),
        () => 100_000_001 + rng.int(2 ** 30), () => 2 ** 32 * (1 + rng.int(2 ** 20)) + rng.int(2 ** 32), () => 100_000_000 - rng.int(2)])();
      if (rng.int(8) === 0) return assemble(text, p.data).subarray(0, rng.int(8)); // shorter than the length field
      return assemble(text, p.data, declared);
    },
    'JSON text': (rng) => {
      const p = base(rng);
      const text = JSON.stringify(p.header);
      const at = rng.int(text.length + 1);
      const changed = pick(rng, [
        () => text.slice(0, at), // cut
        () => text.slice(0, at) + pick(rng, ['{', '}', '[', ']', ',', ':', '"', '\\', 'x', '0', '\u0001', '\n']) + text.slice(at),
        () => text.slice(0, at) + text.slice(at + 1 + rng.int(4)),
        () => pick(rng, [`[${text}]`, JSON.stringify(text), String(rng.int(1e6)), 'null', 'true', '', `"${rng.int(1e6)}"`]),
      ])();
      return assemble(changed, p.data);
    },
    'JSON nesting': (rng) => {
      const p = clone(base(rng));
      if (rng.int(2) === 0) return assemble('['.repeat(rng.int(100_000) + 5) + JSON.stringify(p.header), p.data);
      // an entry (or the metadata) nested 1-6 levels deeper: depth 5 and more is refused before JSON.parse
      let v: unknown = rng.int(2) === 0 ? rng.int(1000) : 'v';
      for (let d = rng.int(6) + 1; d > 0; d--) v = rng.int(2) === 0 ? { [`k${rng.int(100)}`]: v } : [v];
      p.header[rng.int(3) === 0 ? '__metadata__' : pick(rng, entries(p).map(([k]) => k))] = v;
      return build(p);
    },
    'non-UTF-8': (rng) => {
      const p = base(rng);
      const text = encoder.encode(JSON.stringify(p.header));
      const bad = pick(rng, [[0xff], [0xfe], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]);
      const at = rng.int(text.length);
      return assemble(Uint8Array.from([...text.subarray(0, at), ...bad, ...text.subarray(at + rng.int(2))]), p.data);
    },
    'entry not an object': (rng) => {
      const { p, name } = target(rng, base(rng));
      p.header[name] = pick(rng, [rng.int(1000), `s${rng.int(1000)}`, null, [rng.int(9)], true]);
      return build(p);
    },
    'dtype': (rng) => {
      const { p, e } = target(rng, base(rng));
      const other = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'I64', 'U64'];
      e.dtype = pick(rng, [() => pick(rng, other), () => pick(rng, ['Q9', 'f32', 'F32 ', '', 'F128', `F${rng.int(100)}`]), () => (e.dtype === 'F32' ? 'F64' : 'F32'), () => junk(rng), () => undefined])();
      return build(p);
    },
    'shape': (rng) => {
      const { p, e } = target(rng, base(rng));
      const shape = [...(e.shape as number[])];
      e.shape = pick(rng, [
        () => (shape.length === 0 ? [rng.int(9)] : shape.map((d, i) => (i === rng.int(shape.length) ? d : near(rng, d, 8)))),
        () => shape.map((d) => (rng.int(2) === 0 ? junk(rng) : d)).concat(shape.length === 0 ? [junk(rng)] : []),
        () => [...shape, rng.int(2) === 0 ? rng.int(5) : 2 ** (20 + rng.int(34))],
        () => shape.slice(1),
        () => [1e6 + rng.int(1000), 1e6, 1e6],
        () => Array.from({ length: rng.int(6) + 1 }, () => rng.nextUint32()),
        () => junk(rng),
        () => undefined,
      ])();
      return build(p);
    },
    'data_offsets: one number': (rng) => {
      const { p, e } = target(rng, base(rng));
      const offsets = [...(e.data_offsets as number[])];
      const i = rng.int(2);
      offsets[i] = rng.int(4) === 0 ? (junk(rng) as number) : near(rng, offsets[i]!, p.data.length);
      e.data_offsets = offsets;
      return build(p);
    },
    'data_offsets: both': (rng) => {
      const { p, e } = target(rng, base(rng));
      const [b, end] = e.data_offsets as [number, number];
      const others = entries(p).filter(([, x]) => x !== e);
      e.data_offsets = pick(rng, [
        () => { const k = rng.int(17) - 8 || 1; return [b + k, end + k]; }, // the same span moved: a gap or an overlap
        () => [end, b], // reversed
        () => { const ob = others.length > 0 ? (pick(rng, others)[1].data_offsets as number[])[0]! : b + 4; return [ob, ob + end - b]; }, // over another tensor
        () => [p.data.length + rng.int(64), p.data.length + rng.int(64) + (end - b)], // beyond the file
        () => pick(rng, [[b], [b, end, rng.int(9)], [], [String(b), end], junk(rng)]),
      ])();
      return build(p);
    },
    'huge tensor': (rng) => {
      // shape × dtype agrees with data_offsets, both far beyond the file: only the offsets check can stop it
      const { p, e } = target(rng, base(rng));
      const [b] = e.data_offsets as [number, number];
      const n = 2 ** 20 + rng.int(2 ** 30);
      e.dtype = 'F32';
      e.shape = rng.int(2) === 0 ? [n] : [1024, Math.ceil(n / 1024)];
      const count = (e.shape as number[]).reduce((x, y) => x * y, 1);
      e.data_offsets = [b, b + 4 * count];
      return build(p);
    },
    '__metadata__': (rng) => {
      const p = clone(base(rng));
      const meta = (p.header.__metadata__ ?? {}) as Record<string, unknown>;
      if (rng.int(3) === 0) p.header.__metadata__ = pick(rng, [[`m${rng.int(1000)}`], `m${rng.int(1000)}`, rng.int(1000), null, true]);
      else p.header.__metadata__ = { ...meta, [`k${rng.int(1000)}`]: pick(rng, [rng.int(1000), null, { a: 'b' }, [`x${rng.int(100)}`], false]) };
      return build(p);
    },
    'metadata strings (valid)': (rng) => {
      const p = clone(base(rng));
      p.header.__metadata__ = { ...((p.header.__metadata__ ?? {}) as object), [`k${rng.int(1e6)}`]: `v${rng.int(1e6)} ✓ "quoted" \\ ${'x'.repeat(rng.int(200))}` };
      return new Valid(build(p));
    },
    'tensor set': (rng) => {
      const { p, name, e } = target(rng, base(rng));
      const choice = rng.int(3);
      if (choice === 0) delete p.header[name]; // a gap, or data left over
      else if (choice === 1) p.header[`${name}_copy${rng.int(100)}`] = { ...e }; // the same bytes twice
      else p.header[`extra${rng.int(1e4)}`] = { dtype: 'F32', shape: [rng.int(4) + 1], data_offsets: [p.data.length + rng.int(3) * 4, p.data.length + 16] };
      return build(p);
    },
    'tensor renamed (valid)': (rng) => {
      const { p, name, e } = target(rng, base(rng));
      delete p.header[name];
      p.header[`t${rng.int(1e6)}`] = e;
      return new Valid(build(p));
    },
    'data length': (rng) => {
      const p = base(rng);
      if (rng.int(2) === 0 && p.data.length > 0) return assemble(JSON.stringify(p.header), p.data.subarray(0, rng.int(p.data.length)));
      return assemble(JSON.stringify(p.header), Uint8Array.from([...p.data, ...Array.from({ length: rng.int(64) + 1 }, () => rng.int(256))]));
    },
    'data values (valid)': (rng) => {
      const p = clone(base(rng));
      for (let i = 0; i < p.data.length; i++) if (rng.int(3) === 0) p.data[i] = rng.int(256);
      return new Valid(build(p));
    },
    'raw bytes': (rng) => {
      const b = build(base(rng));
      return pick(rng, [
        () => { const o = b.slice(); for (let i = rng.int(8) + 1; i > 0; i--) o[rng.int(o.length)]! ^= 1 << rng.int(8); return o; },
        () => { const o = b.slice(); for (let i = rng.int(o.length), n = rng.int(16) + 1; n > 0 && i < o.length; i++, n--) o[i] = rng.int(256); return o; },
        () => b.subarray(0, rng.int(b.length)),
        () => { const o = b.slice(); const i = rng.int(Math.floor(o.length / 4)) * 4; new DataView(o.buffer).setUint32(i, pick(rng, [0xffffffff, 0x7fffffff, 0x80000000, 0, 1, rng.nextUint32()]), rng.int(2) === 0); return o; },
      ])();
    },
    'not bytes': (rng) => pick(rng, [() => Array.from(build(base(rng))), () => build(base(rng)).buffer, () => `st${rng.int(1e6)}`, () => rng.nextUint32()])(),
  };
}

/** The reader's checks, by the message after `prefix` (the file name and 'not a valid safetensors file: '). */
export function safetensorsChecks(prefix: string): [string, RegExp][] {
  const p = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rows: [string, string][] = [
    ['not bytes', 'expected bytes \\(a Uint8Array\\)$'],
    ['shorter than the length field', 'only \\d bytes, shorter than the 8-byte header length$'],
    ['header length limit', 'header length \\d+ is above the 100000000-byte limit$'],
    ['header length past the end', 'header length \\d+ runs past the end of the \\d+-byte file \\(truncated\\?\\)$'],
    ['UTF-8', 'the header is not valid UTF-8$'],
    ['JSON nesting', 'the JSON header is nested deeper than 4 levels$'],
    ['JSON syntax', 'the header is not valid JSON \\('],
    ['header not an object', 'the header must be a JSON object$'],
    ['__metadata__ not an object', '__metadata__ must be an object of strings$'],
    ['__metadata__ value', '__metadata__\\.[^]* must be a string, got \\w+$'],
    ['entry not an object', "entry '[^']*' must be an object$"],
    ['dtype missing', "tensor '[^']*' has no dtype string$"],
    ['dtype not readable', "tensor '[^']*' has dtype \\w+; scratchnet reads F32 and F64$"],
    ['dtype unknown', "tensor '[^']*' has unknown dtype "],
    ['shape', "tensor '[^']*' has a bad shape "],
    ['data_offsets', "tensor '[^']*' has bad data_offsets "],
    ['shape too large', "tensor '[^']*' declares a shape \\[[\\d,]*\\] too large to hold$"],
    ['shape × dtype vs span', "tensor '[^']*': shape \\[[\\d,]*\\] × [48] bytes = \\d+, but data_offsets span \\d+ bytes$"],
    ['overlap', "tensor '[^']*' overlaps the previous tensor \\(offset \\d+ < \\d+\\)$"],
    ['gap', "a gap before tensor '[^']*' \\(offset \\d+, expected \\d+\\)$"],
    ['beyond the data', "tensor '[^']*' ends at byte \\d+, past the \\d+ data bytes \\(truncated\\?\\)$"],
    ['data left over', 'the tensors cover \\d+ of the \\d+ data bytes$'],
  ];
  return rows.map(([name, why]) => [name, new RegExp(`^${p}${why}`)]);
}
