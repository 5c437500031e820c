import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FileFormatError, encodeNpy, parseNpy, type NpyArray } from '../../src/index.js';
import { ROOT, assertThrows, fixture } from '../helpers.js';

const DIR = `${ROOT}test/fixtures/npy/`;
const file = (name: string) => new Uint8Array(readFileSync(DIR + name));
const expected = fixture<Record<string, { dtype: string; shape: number[]; values: number[] }>>('npy/expected.json');
const DTYPES: Record<string, NpyArray['dtype']> = { f4: 'float32', f8: 'float64', i4: 'int32', i8: 'int64', u1: 'uint8' };

describe('parseNpy', () => {
  it('reads what numpy wrote: f4, f8, i4, i8, u1, little and big endian, versions 1, 2 and 3, scalars and empty arrays', () => {
    for (const name of ['f4-le.npy', 'f8-be.npy', 'i4-le.npy', 'i8-be.npy', 'u1.npy', 'f4-v2.npy', 'f4-v3.npy', 'scalar.npy', 'empty.npy']) {
      const e = expected[name]!;
      const a = parseNpy(file(name), name);
      assert.equal(a.dtype, DTYPES[e.dtype.slice(1)], name);
      assert.deepEqual([...a.shape], e.shape, name);
      // f4 values come from numpy as float64 of the float32: equal exactly
      assert.deepEqual([...a.data], e.values, name);
    }
    assert.ok(parseNpy(file('u1.npy')).data instanceof Uint8Array);
    assert.ok(parseNpy(file('i8-be.npy')).data instanceof Float64Array);
  });

  it('round-trips our writer, both byte orders', () => {
    const arrays: NpyArray[] = [
      { dtype: 'float32', shape: [2, 2], data: Float32Array.of(1.5, -2, 3e-8, 4e30) },
      { dtype: 'float64', shape: [3], data: Float64Array.of(Math.PI, -0, 1e300) },
      { dtype: 'int32', shape: [1, 2], data: Int32Array.of(-2147483648, 5) },
      { dtype: 'int64', shape: [2], data: Float64Array.of(-(2 ** 53) + 1, 7) },
      { dtype: 'uint8', shape: [2, 1, 2], data: Uint8Array.of(0, 255, 9, 1) },
    ];
    for (const a of arrays) {
      for (const bigEndian of [false, true]) {
        const back = parseNpy(encodeNpy(a, { bigEndian }));
        assert.equal(back.dtype, a.dtype);
        assert.deepEqual([...back.shape], [...a.shape]);
        assert.deepEqual([...back.data], [...a.data]);
      }
    }
  });

  it('refuses Fortran order, object, string and float16 arrays with what to do instead', () => {
    assertThrows(() => parseNpy(file('fortran.npy'), 'fortran.npy'), FileFormatError, /^fortran\.npy: not a valid \.npy file: the array is in Fortran order, which is not read; save np\.ascontiguousarray\(X\) instead/);
    assertThrows(() => parseNpy(file('object.npy'), 'object.npy'), FileFormatError, /object\.npy: .*dtype '\|O' is an object array .*never read/);
    assertThrows(() => parseNpy(file('strings.npy'), 'strings.npy'), FileFormatError, /dtype '<U3' holds strings; .*integer indices/);
    assertThrows(() => parseNpy(file('f2.npy'), 'f2.npy'), FileFormatError, /dtype '<f2' \(float16\) is not supported; supported: f4, f8, i4, i8 .* and u1; convert with X\.astype\(np\.float32\)/);
  });

  it('a truncated .npy: names the file, what the shape needs and what came', () => {
    const whole = file('f4-le.npy');
    assertThrows(() => parseNpy(whole.subarray(0, whole.length - 5), 'x.npy'), FileFormatError, /^x\.npy: not a valid \.npy file: shape \(2, 3\) of float32 needs 24 data bytes, the file has 19 \(truncated\?\)/);
    assertThrows(() => parseNpy(whole.subarray(0, 60), 'x.npy'), FileFormatError, /the header declares 118 bytes but 50 follow \(truncated\?\)/);
    assertThrows(() => parseNpy(whole.subarray(0, 4), 'x.npy'), FileFormatError, /only 4 bytes, shorter than the 10-byte preamble/);
    assertThrows(() => parseNpy(new Uint8Array([...whole, 0]), 'x.npy'), FileFormatError, /needs 24 data bytes, the file has 25 \(trailing bytes\)/);
  });

  it('checks magic, version, header length and every header field', () => {
    const text = (header: string, version = 1, data = new Uint8Array(0)) => {
      const h = new TextEncoder().encode(header);
      const pre = version === 1 ? 10 : 12;
      const out = new Uint8Array(pre + h.length + data.length);
      out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
      const v = new DataView(out.buffer);
      if (version === 1) v.setUint16(8, h.length, true);
      else v.setUint32(8, h.length, true);
      out.set(h, pre);
      out.set(data, pre + h.length);
      return out;
    };
    const bad: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('PK\x03\x04 not an npy'), /the magic is 50 4b 03 04 20 6e, expected 93 4e 55 4d 50 59/],
      [text("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", 4), /format version 4\.0; versions 1\.0, 2\.0 and 3\.0 are read/],
      [text("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), 'extra': 1, }"), /a value the header cannot hold/],
      [text("{'descr': '<f4', 'shape': (0,), }"), /the header has keys 'descr', 'shape', expected exactly/],
      [text("{'descr': '<f4', 'fortran_order': 0, 'shape': (0,), }"), /a value the header cannot hold/],
      [text("{'descr': '<f4', 'fortran_order': False, 'shape': [0], }"), /a structured dtype|a value the header cannot hold/],
      [text("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"), /the shape holds "-1,\), }", expected whole numbers/],
      [text("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }"), /declares more than 2147483647 elements/],
      [text("{'descr': 'f4', 'fortran_order': False, 'shape': (0,), }"), /dtype 'f4' has no byte order; expected '<f4' or '>f4'/],
      [text("{'descr': '=f8', 'fortran_order': False, 'shape': (0,), }"), /native byte order/],
      [text("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (0,), }"), /a structured dtype \(a list of named fields\) is not supported/],
      [text("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (0,), }"), /the key 'descr' appears twice/],
      [text("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), } junk"), /text after the header dict/],
      [text("{'descr': '<f4, 'fortran_order': False, 'shape': (0,), }"), /the header dict is not closed by "}"/],
      [text("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 2, new Uint8Array(7)), /needs 8 data bytes, the file has 7/],
    ];
    for (const [bytes, pattern] of bad) assertThrows(() => parseNpy(bytes, 'h.npy'), FileFormatError, /^h\.npy: not a valid \.npy file: /, pattern);
    const long = text(' '.repeat(70000), 2);
    assertThrows(() => parseNpy(long, 'h.npy'), FileFormatError, /the header length 70000 is above the 65536-byte limit/);
    const big = new DataView(text("{'descr': '>i8', 'fortran_order': False, 'shape': (1,), }", 1, new Uint8Array(8).fill(0x7f)).buffer);
    assertThrows(() => parseNpy(new Uint8Array(big.buffer), 'h.npy'), FileFormatError, /int64 element 0 is 9187201950435737471, beyond the exact range/);
    assertThrows(() => parseNpy('text' as unknown as Uint8Array, 'h.npy'), FileFormatError, /expected bytes/);
  });

  it('copies: the result does not share the input bytes', () => {
    const bytes = encodeNpy({ dtype: 'uint8', shape: [2], data: Uint8Array.of(1, 2) });
    const a = parseNpy(bytes);
    bytes[bytes.length - 1] = 9;
    assert.deepEqual([...a.data], [1, 2]);
  });
});
