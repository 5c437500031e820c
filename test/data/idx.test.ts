import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FileFormatError, encodeIdx, parseIdx, readIdxFile } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

/** An IDX header written byte by byte, independently of encodeIdx. */
function handMade(): Uint8Array {
  // magic 0x00000803, dims 2 × 2 × 3, then 12 pixels
  return new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, ...Array.from({ length: 12 }, (_, i) => i * 20)]);
}

describe('IDX reader', () => {
  it('reads a hand-made file: big-endian dimensions, unsigned bytes', () => {
    const { dims, data } = parseIdx(handMade(), 'x', 3);
    assert.deepEqual(dims, [2, 2, 3]);
    assert.deepEqual([...data], Array.from({ length: 12 }, (_, i) => i * 20));
    const big = new Uint8Array([0, 0, 8, 1, 0, 0, 1, 2, ...new Array(258).fill(7)]); // 0x0102 = 258 labels
    assert.deepEqual(parseIdx(big).dims, [258]);
  });

  it('round-trips through encodeIdx', () => {
    const bytes = encodeIdx([2, 2, 3], Uint8Array.from({ length: 12 }, (_, i) => i * 20));
    assert.deepEqual([...bytes], [...handMade()]);
  });

  it('rejects wrong magic, unsupported types, wrong rank, truncation, trailing bytes and huge sizes', () => {
    const good = handMade();
    const bad = (f: (b: Uint8Array) => Uint8Array | void) => {
      const b = good.slice();
      return f(b) ?? b;
    };
    assertThrows(() => parseIdx(bad((b) => void (b[0] = 1)), 'f.idx'), FileFormatError, /f\.idx: not a valid IDX file: bad magic number 0x01000803/);
    assertThrows(() => parseIdx(bad((b) => void (b[2] = 0x0d))), FileFormatError, /element type 0x0d is not supported/);
    assertThrows(() => parseIdx(good, 'labels', 1), FileFormatError, /expected 1 dimension \(magic 0x00000801\), got 3/);
    assertThrows(() => parseIdx(good.subarray(0, 10)), FileFormatError, /truncated header/);
    assertThrows(() => parseIdx(good.subarray(0, 20)), FileFormatError, /need 12 data bytes, the file has 4 \(truncated\?\)/);
    assertThrows(() => parseIdx(new Uint8Array([...good, 1])), FileFormatError, /trailing bytes/);
    assertThrows(() => parseIdx(new Uint8Array([0, 0, 8, 3, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 9])), FileFormatError, /declare more than/);
    assertThrows(() => parseIdx(new Uint8Array([0, 0])), FileFormatError, /shorter than the 4-byte magic/);
  });

  it('reads plain and gzip files from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    writeFileSync(join(dir, 'a'), handMade());
    writeFileSync(join(dir, 'a.gz'), gzipSync(handMade()));
    writeFileSync(join(dir, 'broken.gz'), gzipSync(handMade()).subarray(0, 20));
    assert.deepEqual(readIdxFile(join(dir, 'a')).dims, [2, 2, 3]);
    assert.deepEqual([...readIdxFile(join(dir, 'a.gz')).data], [...parseIdx(handMade()).data]);
    assertThrows(() => readIdxFile(join(dir, 'broken.gz')), FileFormatError, /broken\.gz: corrupt gzip data/);
    assertThrows(() => readIdxFile(join(dir, 'missing')), FileFormatError, /missing: cannot read \(ENOENT\)/);
  });
});
