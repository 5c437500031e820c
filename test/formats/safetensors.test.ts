import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileFormatError, Rng, Tensor, decodeSafetensors, encodeSafetensors, readSafetensors, writeSafetensors } from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

/** A safetensors file assembled by hand from the format's description (header length, JSON, raw LE data). */
function handMade(header: unknown, data: number[] | Uint8Array, headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32le = (xs: number[]) => new Uint8Array(new Float32Array(xs).buffer);

describe('safetensors', () => {
  it('reads a hand-made file', () => {
    const bytes = handMade({ __metadata__: { k: 'v' }, b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] }, a: { dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] } }, [...f32le([1, 2]), ...f32le([3, 4])]);
    const { tensors, metadata } = decodeSafetensors(bytes);
    assert.deepEqual(metadata, { k: 'v' });
    assert.deepEqual(Object.keys(tensors), ['b', 'a'], 'header order kept');
    assert.deepEqual(tensors.a!.toArray(), [[1, 2]]);
    assert.deepEqual(tensors.b!.toArray(), [3, 4]);
  });

  it('round-trips float32 and float64 tensors and metadata, with an 8-byte aligned data start', () => {
    const rng = new Rng(1);
    const tensors = { W1: Tensor.randn([3, 4], rng), b1: Tensor.randn([4], rng), W2: Tensor.randn([2, 2], rng, { dtype: 'float64' }), s: Tensor.from(5), e: Tensor.zeros([0, 3]) };
    const bytes = encodeSafetensors(tensors, { note: 'héllo' });
    const headerLen = new DataView(bytes.buffer).getUint32(0, true);
    assert.equal((8 + headerLen) % 8, 0);
    const back = decodeSafetensors(bytes);
    assert.deepEqual(back.metadata, { note: 'héllo' });
    for (const [k, t] of Object.entries(tensors)) {
      assert.equal(back.tensors[k]!.dtype, t.dtype);
      assert.deepEqual(back.tensors[k]!.shape, t.shape);
      assert.deepEqual(snapshot(back.tensors[k]!), snapshot(t));
    }
  });

  it('rejects each kind of malformed file with the file name and the reason', () => {
    const good = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
    const data = f32le([1, 2]);
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(5), /shorter than the 8-byte header length/],
      [(() => { const b = handMade(good, data); new DataView(b.buffer).setUint32(4, 1, true); return b; })(), /above the 100000000-byte limit/],
      [handMade(good, data).subarray(0, 20), /runs past the end/],
      [handMade(null, data, '{"a": \xff}'.replace('\xff', '')).fill(0xff, 14, 15), /not valid UTF-8/],
      [handMade(null, data, '{"a": '), /not valid JSON/],
      [handMade(null, [], '[1, 2]'), /must be a JSON object/],
      [handMade(null, [], '{"a": {"b": {"c": {"d": {"e": 1}}}}}'), /nested deeper than 4 levels/],
      [handMade({ a: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)), /dtype F16; scratchnet reads F32 and F64/],
      [handMade({ a: { dtype: 'Q7', shape: [2], data_offsets: [0, 8] } }, data), /unknown dtype "Q7"/],
      [handMade({ a: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, data), /bad shape \[-2\]/],
      [handMade({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, data), /shape \[3\] × 4 bytes = 12, but data_offsets span 8 bytes/],
      [handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, data), /bad data_offsets \[8,0\]/],
      [handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, data.subarray(0, 4)), /ends at byte 8, past the 4 data bytes/],
      [handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, data), /overlaps/],
      [handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, data), /a gap before tensor 'a'/],
      [handMade(good, [...data, 0, 0, 0, 0]), /cover 8 of the 12 data bytes/],
      [handMade({ a: { dtype: 'F32', shape: [1e6, 1e6, 1e6], data_offsets: [0, 8] } }, data), /too large to hold/],
      [handMade({ __metadata__: { k: 1 } }, []), /__metadata__\.k must be a string/],
    ];
    for (const [bytes, pattern] of cases) assertThrows(() => decodeSafetensors(bytes, 'm.safetensors'), FileFormatError, /^m\.safetensors: not a valid safetensors file: /, pattern);
  });

  it('refuses a 200-byte file that declares 4 GB before allocating anything', () => {
    // the shape × dtype check passes (10⁹ × 4 bytes = the span of data_offsets); only the offsets check can stop it
    const header = '{"W": {"dtype": "F32", "shape": [1000000000], "data_offsets": [0, 4000000000]}}';
    const bytes = handMade(null, new Uint8Array(16), header.padEnd(200 - 8 - 16, ' '));
    assert.equal(bytes.length, 200);
    const before = process.memoryUsage().arrayBuffers;
    assertThrows(() => decodeSafetensors(bytes, 'big.safetensors'), FileFormatError, /^big\.safetensors: not a valid safetensors file: tensor 'W' ends at byte 4000000000, past the 16 data bytes/);
    const grew = process.memoryUsage().arrayBuffers - before;
    assert.ok(grew < 1024 * 1024, `typed arrays grew by ${grew} bytes while reading a 200-byte file`);
  });

  it('writes files atomically: no temporary file is left and a failed write keeps the old file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-'));
    const path = join(dir, 'm.safetensors');
    writeSafetensors(path, { W: Tensor.ones([2]) }, { v: '1' });
    assert.deepEqual(readdirSync(dir), ['m.safetensors']);
    assert.deepEqual(readSafetensors(path).metadata, { v: '1' });
    const before = readFileSync(path);
    assertThrows(() => writeSafetensors(path, { W: 'oops' as unknown as Tensor }), Error, /'W' is not a Tensor/);
    assertThrows(() => writeSafetensors(join(dir, 'no', 'such', 'dir.safetensors'), { W: Tensor.ones([2]) }), FileFormatError, /cannot write \(ENOENT\)/);
    assert.deepEqual(readFileSync(path), before);
    assert.deepEqual(readdirSync(dir), ['m.safetensors']);
    assertThrows(() => readSafetensors(join(dir, 'missing.safetensors')), FileFormatError, /missing\.safetensors: cannot read \(ENOENT\)/);
    writeFileSync(join(dir, 'junk.safetensors'), 'not a model');
    assertThrows(() => readSafetensors(join(dir, 'junk.safetensors')), FileFormatError, /junk\.safetensors: not a valid safetensors file/);
    assert.ok(!existsSync(join(dir, 'no')));
  });
});
