import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { FileFormatError, Rng, parsePickle, type PickledArray, type PickleValue } from '../../src/index.js';
import { assertThrows } from '../helpers.js';
import { FIXTURES, arrayOps, asm, fixture, op, oneArray, pickleChecks } from './pickle-mutations.js';

// test/fixtures/pickle/make_pickle_fixtures.py wrote the .pkl files with Python's pickle and numpy, and mini.json with what they hold
type Expected = { kind: 'dict' | 'list'; entries: [string | null, string, number[], number[]][] };
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'mini.json'), 'utf8')) as Record<string, Expected>;

const isArray = (v: PickleValue | undefined): v is PickledArray => typeof v === 'object' && v !== null && 'kind' in v;

function entries(v: PickleValue): [string | null, PickleValue][] {
  if (v instanceof Map) return [...v.entries()];
  assert.ok(Array.isArray(v), 'a dict or a list');
  return (v as readonly PickleValue[]).map((x) => [null, x]);
}

describe('pickle reader', () => {
  for (const [file, want] of Object.entries(EXPECTED)) {
    it(`reads ${file} as Python wrote it: names, dtypes, shapes and every value`, () => {
      const value = parsePickle(fixture(file), file);
      assert.equal(value instanceof Map ? 'dict' : 'list', want.kind);
      const got = entries(value);
      assert.deepEqual(got.map(([k]) => k), want.entries.map(([k]) => k), 'the keys in the order they were saved');
      got.forEach(([k, a], i) => {
        const [, dtype, shape, values] = want.entries[i]!;
        assert.ok(isArray(a), `${k}: an array`);
        assert.equal(a.dtype, dtype, `${k}: dtype`);
        assert.deepEqual([...a.shape], shape, `${k}: shape`);
        assert.equal(a.data instanceof Float64Array ? 'float64' : 'float32', dtype === 'float64' ? 'float64' : 'float32');
        assert.deepEqual(Array.from(a.data), values, `${k}: values (exact: float16 and float32 widen without rounding)`);
      });
    });
  }

  it('keeps one array that the file stores once and names twice as one array (the memo)', () => {
    for (const p of [2, 3, 4, 5]) {
      const d = parsePickle(fixture(`mini-p${p}-numpy1.pkl`)) as ReadonlyMap<string, PickleValue>;
      assert.equal(d.get('W2_again'), d.get('W2'), `protocol ${p}`);
    }
  });

  it('reads the three book layouts at full size (protocol 3, numpy 1.x names)', () => {
    const layouts = JSON.parse(readFileSync(join(FIXTURES, 'book-layouts.json'), 'utf8')) as Record<string, { shapes: Record<string, number[]>; dtype: string }>;
    for (const [name, { shapes, dtype }] of Object.entries(layouts)) {
      const d = parsePickle(new Uint8Array(gunzipSync(fixture(`${name}-layout.pkl.gz`))), name) as ReadonlyMap<string, PickleValue>;
      assert.deepEqual([...d.keys()], Object.keys(shapes), name);
      for (const [k, shape] of Object.entries(shapes)) {
        const a = d.get(k)!;
        assert.ok(isArray(a));
        assert.deepEqual([...a.shape], shape, `${name} ${k}`);
        assert.equal(a.dtype, dtype);
      }
    }
  });

  it('refuses what would run code, naming the class, and every other class', () => {
    assertThrows(() => parsePickle(fixture('refuse-os-system-p2.pkl'), 'evil.pkl'), FileFormatError, /^evil\.pkl: refused: the file asks for "posix\.system"/, /nothing in the file is run/, /\(GLOBAL at byte \d+\)$/);
    assertThrows(() => parsePickle(fixture('refuse-os-system-p4.pkl'), 'evil.pkl'), FileFormatError, /"posix\.system"/, /STACK_GLOBAL at byte 28/);
    assertThrows(() => parsePickle(fixture('refuse-ordereddict-p4.pkl'), 'od.pkl'), FileFormatError, /"collections\.OrderedDict"/);
    assertThrows(() => parsePickle(fixture('refuse-scalar-p4.pkl'), 's.pkl'), FileFormatError, /"numpy\.core\.multiarray\.scalar"/);
  });

  it('refuses other dtypes, Fortran order and out-of-band data, naming what it found', () => {
    assertThrows(() => parsePickle(fixture('refuse-int64-p3.pkl'), 'i.pkl'), FileFormatError, /numpy dtype 'i8' \(int64\); only float16, float32 and float64 arrays are read/);
    assertThrows(() => parsePickle(fixture('refuse-object-p3.pkl'), 'o.pkl'), FileFormatError, /numpy dtype 'O8' \(object\)/);
    assertThrows(() => parsePickle(fixture('refuse-fortran-p3.pkl'), 'f.pkl'), FileFormatError, /a Fortran-order array; save it in C order \(numpy\.ascontiguousarray\)/, /BUILD at byte/);
    assertThrows(() => parsePickle(fixture('refuse-fortran-p5.pkl'), 'f.pkl'), FileFormatError, /a Fortran-order array/, /REDUCE at byte/);
    assertThrows(() => parsePickle(fixture('refuse-out-of-band-p5.pkl'), 'b.pkl'), FileFormatError, /opcode NEXT_BUFFER is refused: an out-of-band buffer: the array data is not in the file/);
  });

  it('refuses opcodes outside the subset, naming them', () => {
    assertThrows(() => parsePickle(fixture('refuse-set-p4.pkl'), 's.pkl'), FileFormatError, /opcode EMPTY_SET is refused: a Python set/);
    assertThrows(() => parsePickle(fixture('refuse-float-p4.pkl'), 'f.pkl'), FileFormatError, /opcode BINFLOAT is refused: a Python float/);
    assertThrows(() => parsePickle(asm(op.proto(2), [0x69], op.stop), 'i.pkl'), FileFormatError, /opcode INST is refused: it builds objects by calling code \(INST at byte 2\)/);
    assertThrows(() => parsePickle(asm(op.proto(2), [0x81], op.stop), 'n.pkl'), FileFormatError, /opcode NEWOBJ is refused/);
    assertThrows(() => parsePickle(asm(op.proto(2), [0x51], op.stop), 'p.pkl'), FileFormatError, /opcode BINPERSID is refused: it asks the loader for outside objects/);
    assertThrows(() => parsePickle(asm(op.proto(2), [0x01]), 'u.pkl'), FileFormatError, /not a pickle opcode \(byte 0x01 at byte 2\)/);
  });

  it('refuses protocols 0, 1 and 6, and what is not a pickle', () => {
    assertThrows(() => parsePickle(fixture('refuse-protocol0.pkl'), 'p0.pkl'), FileFormatError, /^p0\.pkl: not a pickle of protocol 2 to 5: it does not start with PROTO \(byte 0x80\); protocol 0 and 1 pickles are not read/);
    assertThrows(() => parsePickle(fixture('refuse-protocol1.pkl'), 'p1.pkl'), FileFormatError, /protocol 0 and 1 pickles are not read/);
    assertThrows(() => parsePickle(asm(op.proto(6), op.none, op.stop), 'p6.pkl'), FileFormatError, /^p6\.pkl: pickle protocol 6 is not read \(protocols 2 to 5 are\)$/);
    assertThrows(() => parsePickle(new TextEncoder().encode('{"W1": [1, 2]}'), 'x.json'), FileFormatError, /^x\.json: not a pickle of protocol 2 to 5/);
    assertThrows(() => parsePickle([0x80, 2] as unknown as Uint8Array, 'arr'), FileFormatError, /^arr: expected bytes \(a Uint8Array\)$/);
    assertThrows(() => parsePickle(asm(op.proto(2), op.list, op.memoize, op.stop)), FileFormatError, /a protocol-4 opcode in a protocol-2 pickle \(MEMOIZE at byte 3\)/);
  });

  it('refuses every truncation of every fixture with a FileFormatError', () => {
    for (const file of Object.keys(EXPECTED)) {
      const bytes = fixture(file);
      for (let n = 0; n < bytes.length; n++) assertThrows(() => parsePickle(bytes.subarray(0, n), file), FileFormatError);
    }
  });

  it('checks frames: a read across a frame end, a frame inside a frame, a frame past the file', () => {
    const body = asm(op.list, op.int(1), op.append, op.stop);
    const framed = (n: number, ...extra: number[][]) => asm(op.proto(4), [0x95, n, 0, 0, 0, 0, 0, 0, 0], ...extra, [...body]);
    assert.deepEqual(parsePickle(framed(body.length)), [1]);
    assert.deepEqual(parsePickle(framed(2)), [1], 'an opcode may start right after its frame ends (as Python reads it)');
    assertThrows(() => parsePickle(framed(3)), FileFormatError, /needs 4 bytes, past the end of its frame at byte 14 \(BININT at byte 12\)/);
    assertThrows(() => parsePickle(framed(99)), FileFormatError, /a frame of 99 bytes, past the end of the 19-byte file/);
    assertThrows(() => parsePickle(framed(body.length + 9, [0x95, 8, 0, 0, 0, 0, 0, 0, 0])), FileFormatError, /a new frame before the previous one ends at byte 28 \(FRAME at byte 11\)/);
  });

  it('checks the stack, marks, memo and the value STOP returns', () => {
    const p = (...parts: number[][]) => asm(op.proto(2), ...parts);
    assertThrows(() => parsePickle(p(op.list, op.append, op.stop)), FileFormatError, /the stack is empty \(APPEND at byte 3\)/);
    assertThrows(() => parsePickle(p(op.list, op.appends, op.stop)), FileFormatError, /no MARK to pop to \(APPENDS at byte 3\)/);
    assertThrows(() => parsePickle(p(op.list, op.get(7), op.append, op.stop)), FileFormatError, /memo entry 7 was never stored \(BINGET at byte 3\)/);
    assertThrows(() => parsePickle(p(op.dict, op.int1(1), op.int1(2), op.setitem, op.stop)), FileFormatError, /a dict key is the int 1; only str keys are read/);
    assertThrows(() => parsePickle(p(op.list, op.put(0), op.get(0), op.append, op.stop)), FileFormatError, /a list or dict contains itself \(STOP at byte 8\)/);
    assertThrows(() => parsePickle(p(...Array(17).fill(op.list), ...Array(16).fill(op.append), op.stop)), FileFormatError, /nest deeper than 16 levels/);
    assert.ok(parsePickle(p(...Array(16).fill(op.list), ...Array(15).fill(op.append), op.stop)), '16 levels are fine');
    assertThrows(() => parsePickle(p(op.list, op.stop, op.none)), FileFormatError, /1 bytes after STOP/);
    assertThrows(() => parsePickle(p(op.list, op.list, op.stop)), FileFormatError, /2 items on the stack, not 1/);
    assertThrows(() => parsePickle(p(op.mark, op.list, op.stop)), FileFormatError, /a MARK is still open/);
    assertThrows(() => parsePickle(p(op.list)), FileFormatError, /needs 1 bytes, but the file ends at byte 3 \(truncated\?\) \(the end of the file at byte 3\)/);
    assertThrows(() => parsePickle(p([0x58, 10, 0, 0, 0, 0x61])), FileFormatError, /needs 10 bytes, but the file ends at byte 8 \(truncated\?\) \(BINUNICODE at byte 2\)/);
    assertThrows(() => parsePickle(p([0x58, 2, 0, 0, 0, 0xff, 0xfe], op.stop)), FileFormatError, /a str that is not valid UTF-8 \(BINUNICODE at byte 2\)/);
  });

  it('checks the array headers: state, dtype state, shape against the data size', () => {
    const rng = new Rng(2);
    const arr = (code: string, shape: number[], n: number, order = '<') => asm(op.proto(3), ...arrayOps(code, shape, Array.from({ length: n }, () => rng.int(256)), order), op.stop);
    const a = parsePickle(arr('f8', [2, 3], 48)) as PickledArray;
    assert.deepEqual([a.dtype, ...a.shape, a.data.length], ['float64', 2, 3, 6]);
    assertThrows(() => parsePickle(arr('f4', [2, 3], 20)), FileFormatError, /an array of shape \(2, 3\) and dtype float32 needs 24 bytes of data, the file gives 20 \(BUILD at byte/);
    assertThrows(() => parsePickle(arr('f4', [70000, 70000], 8)), FileFormatError, /shape \(70000, 70000\) and dtype float32 needs 19600000000 bytes of data, the file gives 8/);
    assertThrows(() => parsePickle(arr('f4', [2], 8, '=')), FileFormatError, /the state of numpy\.dtype\('f4'\) is \(the int 3, "=", None, None, None, the int -1, the int -1, the int 0\)/);
    const f16 = parsePickle(asm(op.proto(3), ...arrayOps('f2', [4], [0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0x00, 0x7c]), op.stop)) as PickledArray;
    assert.deepEqual(Array.from(f16.data), [1, -2, 2 ** -24, Infinity], 'float16: 1, −2, the smallest subnormal, ∞');
    const big = parsePickle(asm(op.proto(3), ...arrayOps('f4', [1], [0x3f, 0x80, 0, 0], '>'), op.stop)) as PickledArray;
    assert.deepEqual(Array.from(big.data), [1], 'big-endian');
  });

  it('checks the numpy calls and their arguments', () => {
    const p = (...parts: number[][]) => asm(op.proto(3), ...parts);
    assertThrows(() => parsePickle(p(op.global('numpy', 'ndarray'), op.int1(3), op.tuple1, op.reduce, op.stop)), FileFormatError, /calls numpy\.ndarray itself/);
    assertThrows(() => parsePickle(p(op.global('_codecs', 'encode'), op.str('x'), op.str('utf-8'), op.tuple2, op.reduce, op.stop)), FileFormatError, /_codecs\.encode is called with 2 arguments, not \(str, 'latin1'\)/);
    assertThrows(() => parsePickle(p(op.global('numpy', 'dtype'), op.str('f4'), op.reduce, op.stop)), FileFormatError, /the arguments of numpy\.dtype are a str, not a tuple/);
    assertThrows(() => parsePickle(p(op.list, op.emptyTuple, op.reduce, op.stop)), FileFormatError, /calls a list, not one of the allowed functions/);
    assertThrows(() => parsePickle(p(op.dict, op.str('d'), op.global('numpy', 'dtype'), op.str('f4'), op.no, op.yes, op.tuple3, op.reduce, op.setitem, op.stop)), FileFormatError, /the result holds a numpy\.dtype outside an array/);
  });

  it('reads its own hand-made arrays under random keys (the assembler the fuzzer uses is sound)', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 20; i++) {
      const d = parsePickle(asm(...oneArray(rng, `k${i}`))) as ReadonlyMap<string, PickledArray>;
      assert.deepEqual([...d.keys()], [`k${i}`]);
    }
  });

  it('has a check table whose patterns tell the messages apart', () => {
    const checks = pickleChecks('x.pkl');
    assert.equal(new Set(checks.map(([n]) => n)).size, checks.length);
  });
});
