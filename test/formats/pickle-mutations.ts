/**
 * Pickles taken apart and put together for the pickle reader's tests: a tokenizer over the opcodes
 * of a (trusted) pickle, a small assembler for hand-made ones, mutators aimed at each field (opcodes,
 * lengths, the array headers, memo indices, protocol numbers, frames, class names) and the reader's
 * table of checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/index.js';
import { Valid, pick, randomBytes, type Mutator } from '../fuzz-harness.js';
import { ROOT } from '../helpers.js';

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'pickle');
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** The Python-made pickles the mutators start from: every protocol, both numpy spellings, a list, big-endian arrays. */
export const BASES = [2, 3, 4, 5].flatMap((p) => [1, 2].map((n) => `mini-p${p}-numpy${n}.pkl`)).concat(['list-p4-numpy2.pkl', 'bigendian-p3-numpy1.pkl']);

/** Argument layout of the opcodes the reader runs: a fixed size, a length prefix, or two text lines. */
const ARGS: Readonly<Record<number, { name: string; fixed?: number; prefix?: number; lines?: boolean }>> = {
  0x4b: { name: 'BININT1', fixed: 1 }, 0x4d: { name: 'BININT2', fixed: 2 }, 0x4a: { name: 'BININT', fixed: 4 },
  0x71: { name: 'BINPUT', fixed: 1 }, 0x72: { name: 'LONG_BINPUT', fixed: 4 }, 0x68: { name: 'BINGET', fixed: 1 }, 0x6a: { name: 'LONG_BINGET', fixed: 4 },
  0x8c: { name: 'SHORT_BINUNICODE', prefix: 1 }, 0x58: { name: 'BINUNICODE', prefix: 4 }, 0x43: { name: 'SHORT_BINBYTES', prefix: 1 },
  0x42: { name: 'BINBYTES', prefix: 4 }, 0x96: { name: 'BYTEARRAY8', prefix: 8 }, 0x95: { name: 'FRAME', fixed: 8 }, 0x63: { name: 'GLOBAL', lines: true },
};
const NAMES: Readonly<Record<number, string>> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x4e: 'NONE', 0x52: 'REDUCE', 0x62: 'BUILD', 0x61: 'APPEND', 0x73: 'SETITEM', 0x74: 'TUPLE', 0x5d: 'EMPTY_LIST',
  0x7d: 'EMPTY_DICT', 0x29: 'EMPTY_TUPLE', 0x65: 'APPENDS', 0x75: 'SETITEMS', 0x85: 'TUPLE1', 0x86: 'TUPLE2', 0x87: 'TUPLE3', 0x88: 'NEWTRUE',
  0x89: 'NEWFALSE', 0x93: 'STACK_GLOBAL', 0x94: 'MEMOIZE',
};

/** One opcode of a pickle: where it starts, its name, where its argument (or length prefix) and payload lie. */
export interface Token {
  readonly at: number;
  readonly name: string;
  readonly argAt: number;
  readonly argLen: number;
  readonly dataAt: number;
  readonly dataLen: number;
  readonly end: number;
}

const le = (b: Uint8Array, at: number, n: number): number => {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i]!;
  return v;
};

/** The opcodes of a pickle the reader accepts, after PROTO. */
export function tokens(b: Uint8Array): Token[] {
  const out: Token[] = [];
  let pos = 2;
  while (pos < b.length) {
    const at = pos;
    const byte = b[pos++]!;
    const spec = ARGS[byte];
    const name = spec?.name ?? NAMES[byte];
    if (name === undefined) throw new Error(`tokens: byte 0x${byte.toString(16)} at ${at}`);
    let argLen = 0;
    let dataLen = 0;
    if (spec?.fixed !== undefined) argLen = spec.fixed;
    else if (spec?.prefix !== undefined) {
      argLen = spec.prefix;
      dataLen = le(b, pos, spec.prefix);
    } else if (spec?.lines) {
      const nl = b.indexOf(10, b.indexOf(10, pos) + 1);
      dataLen = nl + 1 - pos;
    }
    out.push({ at, name, argAt: pos, argLen, dataAt: pos + argLen, dataLen, end: pos + argLen + dataLen });
    pos += argLen + dataLen;
  }
  return out;
}

const setLe = (b: Uint8Array, at: number, n: number, v: number): void => {
  for (let i = 0; i < n; i++) {
    b[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
};

/** Replaces bytes [from, to) with `insert`, keeping the enclosing frame's declared length right. */
export function splice(b: Uint8Array, from: number, to: number, insert: ArrayLike<number> = []): Uint8Array {
  const out = new Uint8Array(b.length - (to - from) + insert.length);
  out.set(b.subarray(0, from));
  out.set(insert, from);
  out.set(b.subarray(to), from + insert.length);
  const frame = tokens(b).filter((t) => t.name === 'FRAME' && t.end <= from).pop();
  if (frame !== undefined) {
    const length = le(b, frame.argAt, 8);
    if (from < frame.end + length) setLe(out, frame.argAt, 8, length + insert.length - (to - from));
  }
  return out;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** Hand-made pickles: each helper is one opcode with its argument. */
export const op = {
  proto: (n: number) => [0x80, n], stop: [0x2e], mark: [0x28], none: [0x4e], yes: [0x88], no: [0x89],
  dict: [0x7d], list: [0x5d], emptyTuple: [0x29], tuple: [0x74], tuple1: [0x85], tuple2: [0x86], tuple3: [0x87],
  setitem: [0x73], setitems: [0x75], append: [0x61], appends: [0x65], reduce: [0x52], build: [0x62], memoize: [0x94], stackGlobal: [0x93],
  int1: (n: number) => [0x4b, n], int: (n: number) => [0x4a, ...u32(n >>> 0)], put: (i: number) => [0x71, i], get: (i: number) => [0x68, i],
  str: (s: string) => { const b = [...new TextEncoder().encode(s)]; return [0x58, ...u32(b.length), ...b]; },
  bytes: (b: ArrayLike<number>) => [0x42, ...u32(b.length), ...Array.from(b)],
  global: (module: string, name: string) => [0x63, ...ascii(module), 10, ...ascii(name), 10],
};

export const asm = (...parts: (readonly number[])[]): Uint8Array => Uint8Array.from(parts.flat());

/** A float array in protocol 3's form: _reconstruct, then BUILD with (1, shape, dtype, False, data). */
export function arrayOps(code: string, shape: readonly number[], data: ArrayLike<number>, order = '<'): number[][] {
  const dims = shape.map((d) => (d < 256 ? op.int1(d) : op.int(d)));
  return [
    op.global('numpy.core.multiarray', '_reconstruct'), op.global('numpy', 'ndarray'), op.int1(0), op.tuple1, op.bytes([0x62]), op.tuple3, op.reduce,
    op.mark, op.int1(1), op.mark, ...dims, op.tuple,
    op.global('numpy', 'dtype'), op.str(code), op.no, op.yes, op.tuple3, op.reduce,
    op.mark, op.int1(3), op.str(order), op.none, op.none, op.none, op.int(-1), op.int(-1), op.int1(0), op.tuple, op.build,
    op.no, op.bytes(data), op.tuple, op.build,
  ];
}

/** `{key: float32 array}` in protocol 3, assembled here. */
export function oneArray(rng: Rng, key = `W${rng.int(1000)}`): number[][] {
  const n = rng.int(4) + 1;
  return [op.proto(3), op.dict, op.str(key), ...arrayOps('f4', [n], randomBytes(rng, 4 * n)), op.setitem, op.stop];
}

const baseCache = new Map<string, { b: Uint8Array; t: Token[]; data: Token[] }>();

/** The tokens holding array data: bytes, or (protocol 2) the latin-1 str that _codecs.encode turns into bytes. */
function dataTokens(t: readonly Token[]): Token[] {
  return t.filter((x, i) => (x.name === 'SHORT_BINBYTES' || x.name === 'BINBYTES' || x.name === 'BYTEARRAY8') ? x.dataLen > 1
    : x.name === 'BINUNICODE' && t[i - 1]?.name === 'BINGET' && t[i - 2]?.name === 'NEWFALSE');
}

/** One of the Python-made bases with fresh random array values (still valid: a new file for every case), and its tokens. */
function base(rng: Rng, only: (name: string) => boolean = () => true): { b: Uint8Array; t: Token[] } {
  const name = pick(rng, BASES.filter(only));
  if (!baseCache.has(name)) {
    const b = fixture(name);
    const t = tokens(b);
    baseCache.set(name, { b, t, data: dataTokens(t) });
  }
  const { b: original, t, data } = baseCache.get(name)!;
  const b = original.slice();
  for (const tok of data) {
    if (tok.name !== 'BINUNICODE') for (let i = tok.dataAt; i < tok.end; i++) b[i] = rng.int(256);
    // UTF-8 of latin-1 text: keep each character's byte count, so the str still holds as many bytes
    else for (let i = tok.dataAt; i < tok.end; i++) b[i] = b[i]! < 0x80 ? rng.int(0x80) : b[i]! >= 0xc0 ? 0xc2 + rng.int(2) : 0x80 + rng.int(0x40);
  }
  return { b, t };
}

const some = (t: readonly Token[], ...names: string[]): Token[] => t.filter((x) => names.includes(x.name));
const ALLOWED_OPS = [0x28, 0x2e, 0x4e, 0x52, 0x62, 0x61, 0x73, 0x74, 0x5d, 0x7d, 0x29, 0x65, 0x75, 0x85, 0x86, 0x87, 0x88, 0x89, 0x93, 0x94, 0x4b, 0x4d, 0x4a, 0x71, 0x72, 0x68, 0x6a, 0x8c, 0x58, 0x43, 0x42, 0x96, 0x95, 0x63, 0x80];
const REFUSED_OPS = [0x30, 0x31, 0x32, 0x49, 0x4c, 0x53, 0x56, 0x46, 0x6c, 0x64, 0x70, 0x67, 0x69, 0x50, 0x54, 0x55, 0x47, 0x6f, 0x51, 0x81, 0x82, 0x83, 0x84, 0x8a, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x97, 0x98];
const UNKNOWN_OPS = [0x00, 0x01, 0x0a, 0x20, 0x33, 0x41, 0x5a, 0x7e, 0x99, 0xa0, 0xff];

/** A number near, or far from, `v`: aimed at off-by-one and range checks. */
function near(rng: Rng, v: number, max: number): number {
  const x = pick(rng, [() => v + 1, () => v - 1, () => v + 2 + rng.int(8), () => v - 2 - rng.int(8), () => rng.int(Math.min(max, 4096) + 1), () => max, () => max - rng.int(3), () => 0])();
  return Math.min(max, Math.max(0, x));
}

/** A copy of b with the little-endian field [at, at + n) set to v. */
function withField(b: Uint8Array, at: number, n: number, v: number): Uint8Array {
  const o = b.slice();
  setLe(o, at, n, v);
  return o;
}

/** Hand-made programs that reach the checks a Python-made file never gets near, with random names so each case differs. */
function crafted(rng: Rng, kind: string): Uint8Array {
  const k = `k${rng.int(1e6)}`;
  const n = rng.int(200);
  const p = (...parts: (readonly number[])[]) => asm(op.proto(2 + rng.int(2)), ...parts);
  const arrayHead = [op.global('numpy.core.multiarray', '_reconstruct'), op.global('numpy', 'ndarray'), op.int1(0), op.tuple1, op.bytes([0x62]), op.tuple3, op.reduce];
  const dtype = (code = 'f4') => [op.global('numpy', 'dtype'), op.str(code), op.no, op.yes, op.tuple3, op.reduce];
  const dtypeState = [op.mark, op.int1(3), op.str('<'), op.none, op.none, op.none, op.int(-1), op.int(-1), op.int1(0), op.tuple, op.build];
  const programs: Record<string, () => Uint8Array> = {
    'empty stack': () => p(op.dict, op.str(k), op.setitem, op.stop),
    'name without newline': () => asm(op.proto(2 + rng.int(2)), [0x63, ...ascii(`numpy${k}`)]),
    'not UTF-8': () => p(op.dict, [0x8c, 2, 0xff, 0x80 + rng.int(64)], op.int1(n), op.setitem, op.stop),
    'read across a frame end': () => asm(op.proto(4), [0x95, 2 + rng.int(4), 0, 0, 0, 0, 0, 0, 0], op.list, op.int(n + 256 * rng.int(1e6)), op.append, op.stop),
    'bytearray length': () => asm(op.proto(5), [0x96, ...u32(1000 + rng.int(1e6)), 0, 0, 0, 0], op.stop),
    'no mark': () => p(op.list, op.int1(n), op.appends, op.stop),
    'not a dict': () => p(op.list, op.str(k), op.int1(n), op.setitem, op.stop),
    'odd items': () => p(op.dict, op.mark, op.str(k), op.int1(n), op.str(`${k}x`), op.setitems, op.stop),
    'key type': () => p(op.dict, op.int1(n), op.str(k), op.setitem, op.stop),
    'not a list': () => p(op.dict, op.mark, op.str(k), op.appends, op.stop),
    'STACK_GLOBAL names': () => asm(op.proto(4), op.int1(n), op.str(k), op.stackGlobal, op.stop),
    'call a non-function': () => p(op.list, op.emptyTuple, op.reduce, op.stop),
    'arguments not a tuple': () => p(op.global('numpy', 'dtype'), op.str(k), op.reduce, op.stop),
    'reconstruct args': () => p(op.global('numpy.core.multiarray', '_reconstruct'), op.global('numpy', 'dtype'), op.int1(n), op.tuple1, op.bytes([0x62]), op.tuple3, op.reduce, op.stop),
    'dtype args': () => p(op.global('numpy', 'dtype'), op.str('f4'), op.int1(2 + n), op.tuple2, op.reduce, op.stop),
    'frombuffer args': () => p(op.global('numpy.core.numeric', '_frombuffer'), op.bytes([n]), op.tuple1, op.reduce, op.stop),
    'frombuffer order': () => p(op.global('numpy._core.numeric', '_frombuffer'), op.bytes([n, 0, 0, 0]), ...dtype(), ...dtypeState, op.int1(1), op.tuple1, op.str(pick(rng, ['A', 'K', k])), op.mark, op.tuple, op.tuple, op.reduce, op.stop),
    'encode args': () => p(op.global('_codecs', 'encode'), op.str(k), op.str(pick(rng, ['utf-8', 'ascii', k])), op.tuple2, op.reduce, op.stop),
    'encode non-latin-1': () => p(op.global('_codecs', 'encode'), op.str(`${k}€`), op.str('latin1'), op.tuple2, op.reduce, op.stop),
    'ndarray called': () => p(op.global('numpy', 'ndarray'), op.int1(n), op.tuple1, op.reduce, op.stop),
    'BUILD target': () => p(op.dict, op.int1(n), op.build, op.stop),
    'state twice': () => rng.int(2) === 0
      ? p(...dtype(), ...dtypeState, ...dtypeState.slice(0, -1), op.build, op.stop)
      : p(...arrayOps('f4', [1], [0, 0, 128, 63]), op.mark, op.int1(1), op.int1(1), op.tuple1, ...dtype(), ...dtypeState, op.no, op.bytes([n, 0, 0, 0]), op.tuple, op.build, op.stop),
    'dtype state': () => p(...dtype(pick(rng, ['f2', 'f4', 'f8'])), op.mark, op.int1(3), op.str(pick(rng, ['=', '|', 'x', k])), op.none, op.none, op.none, op.int(-1), op.int(-1), op.int1(n), op.tuple, op.build, op.stop),
    'array state': () => p(...arrayHead, op.mark, op.int1(2 + rng.int(9)), op.int1(n), op.tuple1, op.tuple2, op.build, op.stop),
    'no byte order': () => p(...arrayHead, op.mark, op.int1(1), op.int1(1), op.tuple1, ...dtype(), op.no, op.bytes([n, 0, 0, 0]), op.tuple, op.build, op.stop),
    'dtype not a dtype': () => p(...arrayHead, op.mark, op.int1(1), op.int1(1), op.tuple1, op.str(k), op.no, op.bytes([n, 0, 0, 0]), op.tuple, op.build, op.stop),
    'shape': () => p(...arrayHead, op.mark, op.int1(1), pick(rng, [op.int(-1 - n), op.str(k), op.none]), op.tuple1, ...dtype(), ...dtypeState, op.no, op.bytes([n, 0, 0, 0]), op.tuple, op.build, op.stop),
    'data not bytes': () => p(...arrayHead, op.mark, op.int1(1), op.int1(1), op.tuple1, ...dtype(), ...dtypeState, op.no, pick(rng, [op.str(k), op.int1(n), op.list]), op.tuple, op.build, op.stop),
    'result: function': () => p(op.list, op.global('numpy', pick(rng, ['dtype', 'ndarray'])), op.append, op.int1(n), op.append, op.stop),
    'result: dtype': () => p(op.dict, op.str(k), ...dtype(), op.setitem, op.stop),
    'result: unfinished array': () => p(op.dict, op.str(k), ...arrayHead, op.setitem, op.stop),
    'result: cycle': () => p(op.list, op.put(0), op.int1(n), op.append, op.get(0), op.append, op.stop),
    'result: depth': () => {
      const depth = 17 + rng.int(40);
      return p(...Array.from({ length: depth }, () => op.list), op.int1(n), op.append, ...Array.from({ length: depth - 1 }, () => op.append), op.stop);
    },
    'STOP: open MARK': () => p(op.mark, op.list, op.int1(n), op.append, op.stop),
    'STOP: stack count': () => p(op.list, op.int1(n), op.stop),
    'second PROTO': () => p(op.list, op.proto(2 + rng.int(4)), op.int1(n), op.append, op.stop),
    'valid: nested lists': () => {
      const depth = 1 + rng.int(15);
      return new Valid(p(...Array.from({ length: depth }, () => op.list), op.int1(n), op.append, ...Array.from({ length: depth - 1 }, () => op.append), op.stop)) as never;
    },
  };
  return programs[kind]!();
}

const CRAFTED_KINDS = [
  'empty stack', 'name without newline', 'not UTF-8', 'read across a frame end', 'bytearray length', 'no mark', 'not a dict', 'odd items', 'key type', 'not a list', 'STACK_GLOBAL names', 'call a non-function', 'arguments not a tuple',
  'reconstruct args', 'dtype args', 'frombuffer args', 'frombuffer order', 'encode args', 'encode non-latin-1', 'ndarray called', 'BUILD target',
  'state twice', 'dtype state', 'array state', 'no byte order', 'dtype not a dtype', 'shape', 'data not bytes', 'result: function', 'result: dtype',
  'result: unfinished array', 'result: cycle', 'result: depth', 'STOP: open MARK', 'STOP: stack count', 'second PROTO', 'valid: nested lists',
];

/** Mutators aimed at each part of a pickle of numpy arrays. */
export function pickleMutators(): Record<string, Mutator> {
  return {
    'protocol': (rng) => {
      const { b } = base(rng);
      const o = b.slice();
      if (rng.int(4) === 0) o[0] = pick(rng, [0x7d, 0x28, 0x5d, 0x00, 0x81, 0xff, rng.int(256)]);
      else o[1] = pick(rng, [0, 1, 6, 7, 0x80, 255, rng.int(256), o[1] === 2 ? 4 : 2]); // an older number makes newer opcodes out of place
      return rng.int(10) === 0 ? o.subarray(0, rng.int(2)) : o;
    },
    'opcode': (rng) => {
      const { b, t } = base(rng);
      const tok = pick(rng, t);
      const o = b.slice();
      o[tok.at] = pick(rng, [() => pick(rng, ALLOWED_OPS), () => pick(rng, REFUSED_OPS), () => pick(rng, UNKNOWN_OPS), () => rng.int(256)])();
      return o;
    },
    'opcode inserted or removed': (rng) => {
      const { b, t } = base(rng);
      const tok = pick(rng, t.filter((x) => x.name !== 'FRAME'));
      if (rng.int(2) === 0) return splice(b, tok.at, tok.end);
      const insert = pick(rng, [[0x28], [0x2e], [0x4e], [0x52], [0x62], [0x61], [0x73], [0x74], [0x65], [0x75], [0x85], [0x86], [0x87], [0x5d], [0x7d], [0x29], [0x94], [0x93], op.int1(rng.int(256)), op.str(`s${rng.int(100)}`), op.bytes([rng.int(256)])]);
      return splice(b, tok.at, tok.at, insert);
    },
    'lengths': (rng) => {
      const { b, t } = base(rng);
      const tok = pick(rng, some(t, 'SHORT_BINUNICODE', 'BINUNICODE', 'SHORT_BINBYTES', 'BINBYTES', 'BYTEARRAY8'));
      const max = 2 ** (8 * Math.min(tok.argLen, 6)) - 1;
      return withField(b, tok.argAt, tok.argLen, near(rng, tok.dataLen, max));
    },
    'array data size': (rng) => {
      // the data blob and its length prefix change together (frames kept right): only the size check can object
      const { b, t } = base(rng, (name) => !name.includes('-p2-'));
      const blobs = some(t, 'SHORT_BINBYTES', 'BINBYTES', 'BYTEARRAY8').filter((x) => x.dataLen > 1);
      const tok = pick(rng, blobs);
      const delta = pick(rng, [-1, 1, -2, 2, 4, -4, 8, -tok.dataLen + 1]);
      const len = Math.min(2 ** (8 * Math.min(tok.argLen, 6)) - 1, Math.max(0, tok.dataLen + delta));
      const payload = len <= tok.dataLen ? b.subarray(tok.dataAt, tok.dataAt + len) : Uint8Array.from([...b.subarray(tok.dataAt, tok.end), ...randomBytes(rng, len - tok.dataLen)]);
      const prefix = [b[tok.at]!, ...Array.from({ length: tok.argLen }, (_, i) => Math.floor(len / 256 ** i) % 256)];
      return splice(b, tok.at, tok.end, [...prefix, ...payload]);
    },
    'array header: ints': (rng) => {
      // shape sizes, the state version, the dtype state's 3, -1, -1, 0
      const { b, t } = base(rng);
      const tok = pick(rng, some(t, 'BININT1', 'BININT2', 'BININT'));
      const o = b.slice();
      const v = le(b, tok.argAt, tok.argLen);
      setLe(o, tok.argAt, tok.argLen, pick(rng, [() => near(rng, v, 2 ** (8 * tok.argLen) - 1), () => 2 ** (8 * tok.argLen) - 1, () => rng.int(2 ** (8 * Math.min(tok.argLen, 2)))])());
      return o;
    },
    'array header: dtype and order': (rng) => {
      const { b, t } = base(rng);
      const strs = some(t, 'SHORT_BINUNICODE', 'BINUNICODE').filter((x) => x.dataLen <= 2);
      const tok = pick(rng, strs);
      const o = b.slice();
      const codes = tok.dataLen === 2 ? ['i8', 'i4', 'u1', 'b1', 'O8', 'c8', 'f8', 'f4', 'f2', 'U1', 'V8', 'F4', 'f9'] : ['<', '>', '=', '|', 'C', 'F', 'x', 'b'];
      o.set(ascii(pick(rng, codes)), tok.dataAt);
      return o;
    },
    'array header: flags': (rng) => {
      const { b, t } = base(rng);
      const tok = pick(rng, some(t, 'NEWTRUE', 'NEWFALSE', 'NONE'));
      const o = b.slice();
      o[tok.at] = pick(rng, [0x88, 0x89, 0x4e].filter((x) => x !== b[tok.at]));
      return o;
    },
    'memo': (rng) => {
      const { b, t } = base(rng);
      const tok = pick(rng, some(t, 'BINGET', 'BINPUT', 'LONG_BINGET', 'LONG_BINPUT', 'MEMOIZE'));
      if (tok.name === 'MEMOIZE') return rng.int(2) === 0 ? splice(b, tok.at, tok.end) : splice(b, tok.at, tok.at, [0x94]);
      const v = le(b, tok.argAt, tok.argLen);
      return withField(b, tok.argAt, tok.argLen, near(rng, v, 2 ** (8 * tok.argLen) - 1));
    },
    'class names': (rng) => {
      const { b, t } = base(rng);
      const globals = some(t, 'GLOBAL');
      const names = ['os\nsystem', 'posix\nsystem', 'builtins\neval', '__builtin__\nexec', 'numpy\nndarray', 'numpy\ndtype', 'numpy.core.multiarray\nscalar',
        'collections\nOrderedDict', 'numpy.core.multiarray\n_reconstruct', 'numpy._core.numeric\n_frombuffer', '_codecs\nencode', 'subprocess\nPopen', `m${rng.int(1e4)}\nf`];
      if (globals.length > 0) {
        const tok = pick(rng, globals);
        return splice(b, tok.at, tok.end, [0x63, ...ascii(pick(rng, names)), 10]);
      }
      // protocol 4 and 5 name classes with two strs before STACK_GLOBAL
      const sg = t.findIndex((x) => x.name === 'STACK_GLOBAL');
      const strs = t.slice(0, sg).filter((x) => x.name === 'SHORT_BINUNICODE').slice(-2);
      const tok = pick(rng, strs);
      const [module, name] = pick(rng, names).split('\n') as [string, string];
      return splice(b, tok.at, tok.end, op.str(tok === strs[0] ? module : name));
    },
    'frames': (rng) => {
      const { b, t } = base(rng);
      const frame = some(t, 'FRAME')[0];
      if (frame === undefined) return splice(b, 2, 2, [0x95, ...u32(b.length - 11), 0, 0, 0, 0]); // a protocol-4 opcode in a protocol 2/3 file
      const length = le(b, frame.argAt, 8);
      const choice = rng.int(4);
      if (choice === 0) return withField(b, frame.argAt, 8, near(rng, length, 2 ** 48));
      if (choice === 1) return withField(b, frame.argAt + 4, 4, 1 + rng.int(2 ** 16)); // beyond 4 GB
      if (choice === 2) {
        const inside = pick(rng, t.filter((x) => x.at > frame.end && x.at < frame.end + length));
        return splice(b, inside.at, inside.at, [0x95, ...u32(rng.int(64)), 0, 0, 0, 0]); // a new frame inside the frame
      }
      return new Valid(splice(b, frame.at, frame.end)) as never; // without its frame the file is still a valid pickle
    },
    'truncated or extended': (rng) => {
      const { b } = base(rng);
      if (rng.int(3) === 0) return Uint8Array.from([...b, ...randomBytes(rng, rng.int(16) + 1)]);
      return b.subarray(0, 2 + rng.int(b.length - 2));
    },
    'raw bytes': (rng) => {
      const { b } = base(rng);
      const o = b.slice();
      for (let i = rng.int(4) + 1; i > 0; i--) o[2 + rng.int(o.length - 2)]! ^= 1 << rng.int(8);
      return o;
    },
    'data values (valid)': (rng) => new Valid(base(rng).b) as never,
    'keys (valid)': (rng) => {
      const { b, t } = base(rng, (name) => name.startsWith('mini'));
      const o = b.slice();
      const keys = some(t, 'SHORT_BINUNICODE', 'BINUNICODE').filter((x) => /^(W1|b1|W2|b2|conv|W2_again)$/.test(String.fromCharCode(...b.subarray(x.dataAt, x.end))));
      const tok = pick(rng, keys);
      for (let i = tok.dataAt; i < tok.end; i++) o[i] = 0x61 + rng.int(26);
      return new Valid(o) as never;
    },
    'crafted: bytes and stack': (rng) => crafted(rng, pick(rng, CRAFTED_KINDS.slice(0, 6))),
    'crafted: containers': (rng) => crafted(rng, pick(rng, CRAFTED_KINDS.slice(6, 13))),
    'crafted: numpy calls': (rng) => crafted(rng, pick(rng, CRAFTED_KINDS.slice(13, 22))),
    'crafted: array state': (rng) => crafted(rng, pick(rng, CRAFTED_KINDS.slice(22, 28))),
    'crafted: result and STOP': (rng) => crafted(rng, pick(rng, CRAFTED_KINDS.slice(28))),
    'assembled arrays (valid)': (rng) => new Valid(asm(...oneArray(rng))) as never,
    'not bytes': (rng) => pick(rng, [() => Array.from(oneArray(rng).flat()), () => asm(...oneArray(rng)).buffer, () => `p${rng.int(1e6)}`, () => rng.nextUint32()])(),
  };
}

/** The reader's checks, by their messages (after `name: `). */
export function pickleChecks(name: string): [string, RegExp][] {
  const rows: [string, string][] = [
    ['not bytes', 'expected bytes \\(a Uint8Array\\)$'],
    ['no PROTO', 'not a pickle of protocol 2 to 5: it does not start with PROTO'],
    ['protocol number', 'pickle protocol \\d+ is not read \\(protocols 2 to 5 are\\)$'],
    ['unknown opcode', 'not a pickle opcode \\(byte 0x[0-9a-f]{2} at byte \\d+\\)$'],
    ['refused opcode', 'opcode [A-Z_0-9]+ is refused: '],
    ['opcode newer than the protocol', 'a protocol-\\d opcode in a protocol-\\d pickle'],
    ['second PROTO', 'a second PROTO'],
    ['truncated', 'needs \\d+ bytes, but the file ends at byte \\d+ \\(truncated\\?\\)'],
    ['read across a frame end', 'needs \\d+ bytes, past the end of its frame at byte \\d+'],
    ['frame past the end', 'a frame of \\d+ bytes, past the end of the \\d+-byte file'],
    ['frame inside a frame', 'a new frame before the previous one ends at byte \\d+'],
    ['bytearray past the end', '\\d+ bytes, more than the \\d+-byte file holds'],
    ['UTF-8', 'a str that is not valid UTF-8'],
    ['name without newline', 'a name without its newline'],
    ['empty stack', 'the stack is empty'],
    ['no MARK', 'no MARK to pop to'],
    ['not a dict', 'sets items on .*, not a dict'],
    ['odd items', 'an odd number of items \\(\\d+\\) for keys and values'],
    ['dict key', 'a dict key is .*; only str keys are read'],
    ['not a list', 'appends to .*, not a list'],
    ['refused class', 'refused: the file asks for "'],
    ['STACK_GLOBAL names', 'names a class with .*, not two strs'],
    ['call of a non-function', 'calls .*, not one of the allowed functions'],
    ['arguments not a tuple', 'the arguments of \\S+ are .*, not a tuple'],
    ['_reconstruct arguments', "_reconstruct is called with \\(.*\\), not \\(numpy\\.ndarray, \\(0,\\), b'b'\\)"],
    ['numpy.dtype arguments', 'numpy\\.dtype is called with \\(.*\\), not \\(type code, align, copy\\)'],
    ['dtype code', "an array of numpy dtype '[^']*'( \\([\\w ()]+\\))?; only float16, float32 and float64 arrays are read"],
    ['_frombuffer arguments', '_frombuffer is called with \\d+ arguments'],
    ["_frombuffer's order", "_frombuffer's order is .*, not 'C'"],
    ['Fortran order', 'a Fortran-order array; save it in C order'],
    ['_codecs.encode arguments', "_codecs\\.encode is called with \\d+ arguments, not \\(str, 'latin1'\\)"],
    ['_codecs.encode latin-1', '_codecs\\.encode of a str that is not latin-1'],
    ['numpy.ndarray called', 'calls numpy\\.ndarray itself'],
    ['BUILD target', 'sets the state of .*; only numpy arrays and dtypes take a state'],
    ['state set twice', 'the state of a numpy( array|\\.dtype) is set twice'],
    ['dtype state', "the state of numpy\\.dtype\\('f[248]'\\) is \\(.*\\), not a plain float dtype's"],
    ['array state', "a numpy array's state is .*, not \\(1, shape, dtype, is_fortran, data\\)"],
    ['dtype without byte order', "numpy\\.dtype\\('f[248]'\\) has no byte order"],
    ['array dtype not a dtype', "an array's dtype is .*, not a numpy\\.dtype"],
    ['array shape', "an array's shape is .*, not a tuple of at most 32 sizes"],
    ['array data not bytes', "an array's data is .*, not bytes"],
    ['array data size', 'an array of shape \\([\\d, ]*\\) and dtype float(16|32|64) needs \\d+ bytes of data, the file gives \\d+'],
    ['memo', 'memo entry \\d+ was never stored'],
    ['STOP with an open MARK', 'a MARK is still open'],
    ['STOP stack count', '\\d+ items on the stack, not 1'],
    ['bytes after STOP', '\\d+ bytes after STOP'],
    ['result holds a function', 'the result holds the function '],
    ['result holds a dtype', 'the result holds a numpy\\.dtype outside an array'],
    ['result holds an unfinished array', 'the result holds a numpy array whose state was never set'],
    ['cycle', 'a list or dict contains itself'],
    ['depth', 'dicts, lists and tuples nest deeper than 16 levels'],
  ];
  const p = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return rows.map(([check, why]) => [check, new RegExp(`^${p}: ${why}`)]);
}
