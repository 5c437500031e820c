import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { FileFormatError, encodeNpy, encodeNpz, parseNpz } from '../../src/index.js';
import { ROOT, assertThrows, fixture } from '../helpers.js';

const DIR = `${ROOT}test/fixtures/npy/`;
const file = (name: string) => new Uint8Array(readFileSync(DIR + name));
const expected = fixture<{ npz: { x: number[]; y: number[]; target: number[] } }>('npy/expected.json').npz;

/** A ZIP archive of the given entries, written field by field (so tests can damage any field). */
export function zip(entries: { name: string; data: Uint8Array; method?: number; size?: number; crc?: number }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const body = e.method === 8 ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const crc = e.crc ?? crc32(e.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(8, e.method ?? 0, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, e.size ?? e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const c = new Uint8Array(46 + name.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(10, e.method ?? 0, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, e.size ?? e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    c.set(name, 46);
    central.push(c);
    parts.push(local, body);
    offset += local.length + body.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of all) out.set(p, (at += p.length) - p.length);
  return out;
}

function crc32(b: Uint8Array): number {
  let c = -1;
  for (const v of b) {
    c ^= v;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ -1) >>> 0;
}

describe('parseNpz', () => {
  it("reads numpy's np.savez and np.savez_compressed (ZIP64 local headers)", () => {
    for (const name of ['stored.npz', 'compressed.npz']) {
      const { x, y } = parseNpz(file(name), name);
      assert.equal(x!.dtype, 'float32');
      assert.deepEqual([...x!.shape], [5, 3]);
      assert.deepEqual([...x!.data], expected.x);
      assert.equal(y!.dtype, 'int64');
      assert.deepEqual([...y!.data], expected.y);
    }
    const r = parseNpz(file('regression.npz'));
    assert.deepEqual(Object.keys(r).sort(), ['features', 'target']);
    assert.deepEqual([...r.target!.data], expected.target);
  });

  it('round-trips our writer, stored and deflated', () => {
    for (const compress of [false, true]) {
      const back = parseNpz(encodeNpz({ a: { dtype: 'float64', shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) }, b: { dtype: 'uint8', shape: [0], data: new Uint8Array(0) } }, { compress }));
      assert.deepEqual([...back.a!.data], [1, 2, 3, 4]);
      assert.deepEqual([...back.b!.shape], [0]);
    }
  });

  it('names the archive, the array and the damage', () => {
    const npy = encodeNpy({ dtype: 'float32', shape: [4], data: Float32Array.of(1, 2, 3, 4) });
    const ok = zip([{ name: 'x.npy', data: npy }]);
    assert.deepEqual([...parseNpz(ok).x!.data], [1, 2, 3, 4]);
    const bad: [Uint8Array, RegExp][] = [
      [npy, /no end of central directory record: not a ZIP archive \(this is a single \.npy array/],
      [ok.subarray(0, ok.length - 3), /no end of central directory record/],
      [zip([{ name: 'x.npy', data: npy, crc: 1 }]), /CRC mismatch in "x\.npy"/],
      [zip([{ name: 'x.npy', data: npy, crc: 1, method: 8 }]), /CRC mismatch in "x\.npy"/],
      [zip([{ name: 'x.npy', data: npy, method: 12 }]), /uses compression method 12; np\.savez writes 0 \(stored\) and np\.savez_compressed 8 \(deflate\)/],
      [zip([{ name: 'x.txt', data: npy }]), /entry 0 \("x\.txt"\) is not a \.npy array/],
      [zip([{ name: 'x.npy', data: npy }, { name: 'x.npy', data: npy }]), /entry 1 \("x\.npy"\) appears twice/],
      [zip([{ name: 'x.npy', data: npy, size: 3 }]), /is stored uncompressed but declares \d+ bytes stored and 3 bytes of content/],
      [zip([{ name: 'x.npy', data: npy, method: 8, size: 10_000_000 }]), /declares 10000000 bytes from \d+ compressed, more than deflate can expand to/],
      [zip([{ name: 'x.npy', data: npy, method: 8, size: npy.length + 1 }]), /array 'x': not a valid \.npy file: shape \(4\) of float32 needs 16 data bytes, the file has 17/],
      [zip([{ name: 'x.npy', data: npy.subarray(0, npy.length - 2) }]), /d\.npz, array 'x': not a valid \.npy file: .*needs 16 data bytes, the file has 14 \(truncated\?\)/],
      [zip([{ name: 'x.npy', data: npy.subarray(0, npy.length - 2), method: 8 }]), /array 'x': not a valid \.npy file: .*the file has 14 \(truncated\?\)/],
      [zip([]), /the archive holds no arrays/],
    ];
    for (const [bytes, pattern] of bad) assertThrows(() => parseNpz(bytes, 'd.npz'), FileFormatError, /^d\.npz/, pattern);
    const lying = zip([{ name: 'x.npy', data: npy, method: 8 }]);
    // the deflated data says more than the central directory: 'size' too small
    const small = lying.slice();
    const v = new DataView(small.buffer);
    const cd = v.getUint32(small.length - 6, true);
    v.setUint32(cd + 24, npy.length - 4, true);
    assertThrows(() => parseNpz(small, 'd.npz'), FileFormatError, /"x\.npy" inflates to more than the \d+ bytes it declares|needs 16 data bytes, the file has 12/);
    const overlap = ok.slice();
    const ov = new DataView(overlap.buffer);
    ov.setUint32(ov.getUint32(overlap.length - 6, true) + 42, 5, true);
    assertThrows(() => parseNpz(overlap, 'd.npz'), FileFormatError, /local header at byte 5 is missing or damaged/);
    assertThrows(() => parseNpz(ok, 'd.npz', { maxBytes: 10 }), FileFormatError, /declares \d+ bytes, above the limit of 10; raise the limit with the maxBytes option/);
  });
});
