import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FileFormatError, encodeNpy, encodeNpz, parseNpz } from '../../src/index.js';
import { ROOT, assertThrows, fixture } from '../helpers.js';
import { writeZip } from './zip-writer.js';

const DIR = `${ROOT}test/fixtures/npy/`;
const file = (name: string) => new Uint8Array(readFileSync(DIR + name));
const expected = fixture<{ npz: { x: number[]; y: number[]; target: number[] } }>('npy/expected.json').npz;

const zip = writeZip;

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
      [zip([{ name: 'x.npy', data: npy, method: 8, size: npy.length + 1 }]), /"x\.npy" inflates to 144 bytes, not the 145 it declares/],
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

  it('an array over 1 MiB is inflated in slices, its .npy header checked against the declared size before its bytes are allocated', () => {
    const n = 600_000; // 2.4 MB of float32 zeros, a few kB deflated
    const big = encodeNpy({ dtype: 'float32', shape: [n], data: new Float32Array(n) });
    const ok = zip([{ name: 'x.npy', data: big, method: 8 }]);
    assert.ok(ok.length < 10_000);
    const x = parseNpz(ok).x!;
    assert.deepEqual([...x.shape], [n]);
    assert.equal(x.data.length, n);
    // a header that disagrees with the declared size is refused when the first slice is inflated
    assertThrows(() => parseNpz(zip([{ name: 'x.npy', data: big, method: 8, size: big.length + 4 }]), 'd.npz'), FileFormatError, /d\.npz, array 'x': not a valid \.npy file: shape \(600000\) of float32 needs 2400000 data bytes, the file has 2400004/);
    assertThrows(() => parseNpz(zip([{ name: 'x.npy', data: big, method: 8, size: big.length - 4 }]), 'd.npz'), FileFormatError, /needs 2400000 data bytes, the file has 2399996|inflates to more than the \d+ bytes it declares/);
    const cut = zip([{ name: 'x.npy', data: big, method: 8 }]);
    const v = new DataView(cut.buffer);
    const cd = v.getUint32(cut.length - 6, true);
    const compressed = v.getUint32(cd + 20, true);
    // the same archive with its deflate stream cut short (the directory moved up to match)
    const short = new Uint8Array([...cut.subarray(0, 30 + 5 + compressed - 20), ...cut.subarray(cd)]);
    const sv = new DataView(short.buffer);
    const cd2 = cd - 20;
    sv.setUint32(cd2 + 20, compressed - 20, true);
    sv.setUint32(short.length - 6, cd2, true);
    assertThrows(() => parseNpz(short, 'd.npz'), FileFormatError, /"x\.npy" holds corrupt or cut-off deflate data|inflates to \d+ bytes, not the 2400128/);
    const bad = ok.slice();
    new DataView(bad.buffer).setUint32(cd + 16, 12345, true);
    assertThrows(() => parseNpz(bad, 'd.npz'), FileFormatError, /CRC mismatch in "x\.npy"/);
  });
});
