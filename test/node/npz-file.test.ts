import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileFormatError, Tensor, encodeNpz, loadNpy, loadNpz } from '../../src/index.js';
import { ROOT, assertThrows, fixture } from '../helpers.js';

const DIR = `${ROOT}test/fixtures/npy/`;
const expected = fixture<{ npz: { x: number[]; y: number[]; target: number[] } }>('npy/expected.json').npz;

describe('loadNpz and loadNpy', () => {
  it("reads np.savez('d.npz', x=X, y=y): samples as a Tensor, integer answers as class indices", () => {
    for (const name of ['stored.npz', 'compressed.npz']) {
      const { x, y } = loadNpz(DIR + name);
      assert.deepEqual([...x.shape], [5, 3]);
      assert.equal(x.dtype, 'float32');
      assert.deepEqual([...x.data], expected.x);
      assert.ok(y instanceof Int32Array);
      assert.deepEqual([...y], expected.y);
    }
  });

  it('float answers are numbers, rows of a Tensor; other array names and dtype by option', () => {
    const { x, y } = loadNpz(DIR + 'regression.npz', { x: 'features', y: 'target', dtype: 'float64' });
    assert.equal(x.dtype, 'float64');
    assert.ok(y instanceof Tensor);
    assert.deepEqual([...y.shape], [5, 1]);
    assert.deepEqual([...y.data], expected.target);
    assert.equal(loadNpz(DIR + 'regression.npz', { x: 'features', y: null }).y, null);
    assert.deepEqual([...loadNpy(DIR + 'i4-le.npy').data], [-3, 0, 7, 2147483647]);
  });

  it('bad input: a missing array lists those there; NaN, empty data, other sample counts, negative labels, a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npz-'));
    const put = (name: string, arrays: Parameters<typeof encodeNpz>[0]) => {
      writeFileSync(join(dir, name), encodeNpz(arrays));
      return join(dir, name);
    };
    const x = { dtype: 'float32', shape: [3, 2], data: Float32Array.of(1, 2, 3, 4, 5, 6) } as const;
    assertThrows(() => loadNpz(DIR + 'regression.npz'), FileFormatError, /regression\.npz: no array named 'x' for the samples; the file holds 'features', 'target'; name the right one with the x option/);
    assertThrows(() => loadNpz(put('noy.npz', { x })), FileFormatError, /no array named 'y' for the answers; the file holds 'x'/);
    const nan = put('nan.npz', { x: { dtype: 'float64', shape: [2, 2], data: Float64Array.of(1, 2, NaN, 4) }, y: { dtype: 'int32', shape: [2], data: Int32Array.of(0, 1) } });
    assertThrows(() => loadNpz(nan), Error, /nan\.npz, array 'x': element \[1, 0\] is NaN; the data must be finite numbers/);
    const inf = put('inf.npz', { x, y: { dtype: 'float32', shape: [3], data: Float32Array.of(0, Infinity, 1) } });
    assertThrows(() => loadNpz(inf), Error, /array 'y': element \[1\] is Infinity/);
    const empty = put('empty.npz', { x: { dtype: 'float32', shape: [0, 4], data: new Float32Array(0) }, y: { dtype: 'int32', shape: [0], data: new Int32Array(0) } });
    assertThrows(() => loadNpz(empty), Error, /empty\.npz: array 'x' has shape \(0, 4\): empty data, no samples to learn from/);
    const counts = put('counts.npz', { x, y: { dtype: 'int32', shape: [2], data: Int32Array.of(0, 1) } });
    assertThrows(() => loadNpz(counts), Error, /'x' holds 3 samples but 'y' holds 2 answers \(shape \(2\)\)/);
    const negative = put('neg.npz', { x, y: { dtype: 'int64', shape: [3], data: Float64Array.of(0, -1, 1) } });
    assertThrows(() => loadNpz(negative), Error, /label 1 is -1; integer answers are class indices 0, 1, 2, .*y\.astype\(np\.float32\)/);
    assertThrows(() => loadNpz(join(dir, 'nope.npz')), FileFormatError, /nope\.npz: cannot read \(ENOENT\)/);
  });
});
