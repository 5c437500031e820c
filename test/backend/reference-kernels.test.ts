import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, referenceKernels } from '../../src/index.js';

/** The plainest triple loop, the oracle for the blocked kernel. */
function naiveMatmul(a: Float64Array, b: Float64Array, m: number, n: number, k: number, ta: boolean, tb: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = s;
    }
  return out;
}

describe('reference matmul kernel', () => {
  it('agrees with a naive triple loop on odd, empty and 1-sized shapes for every transpose flag', () => {
    const rng = new Rng(123);
    const sizes = [0, 1, 2, 3, 4, 5, 7, 8, 9, 13];
    let cases = 0;
    for (const m of sizes)
      for (const n of [0, 1, 3, 4, 6, 9])
        for (const k of [0, 1, 4, 5, 11])
          for (const ta of [false, true])
            for (const tb of [false, true]) {
              const a = Float64Array.from({ length: m * k }, () => rng.normal());
              const b = Float64Array.from({ length: k * n }, () => rng.normal());
              const out = new Float64Array(m * n).fill(NaN);
              referenceKernels.matmul(a, b, out, m, n, k, ta, tb);
              const want = naiveMatmul(a, b, m, n, k, ta, tb);
              for (let i = 0; i < out.length; i++) {
                assert.ok(Math.abs(out[i]! - want[i]!) <= 1e-12 * (1 + Math.abs(want[i]!)), `m=${m} n=${n} k=${k} ta=${ta} tb=${tb} entry ${i}`);
              }
              cases++;
            }
    assert.equal(cases, 10 * 6 * 5 * 4);
  });
});

describe('reference reduce kernel', () => {
  it('reduces the middle axis of (outer, len, inner)', () => {
    const a = Float64Array.from({ length: 24 }, (_, i) => i);
    const out = new Float64Array(8);
    referenceKernels.reduce('sum', a, out, 2, 3, 4);
    assert.deepEqual([...out], [12, 15, 18, 21, 48, 51, 54, 57]);
    referenceKernels.reduce('max', a, out, 2, 3, 4);
    assert.deepEqual([...out], [8, 9, 10, 11, 20, 21, 22, 23]);
  });
});

describe('reference logSoftmax kernel', () => {
  const run = (rows: number[][]): number[][] => {
    const cols = rows[0]!.length;
    const out = new Float64Array(rows.length * cols);
    referenceKernels.logSoftmax(Float64Array.from(rows.flat()), out, rows.length, cols);
    return rows.map((_, r) => [...out.subarray(r * cols, (r + 1) * cols)]);
  };

  it('gives log(e^x / Σ e^x) per row (worked by hand)', () => {
    const [[a, b], [c, d, e]] = [run([[0, Math.log(3)]])[0]!, run([[2, 2, 2]])[0]!];
    assert.ok(Math.abs(a! - Math.log(0.25)) < 1e-15 && Math.abs(b! - Math.log(0.75)) < 1e-15, `${a}, ${b}`);
    for (const v of [c, d, e]) assert.ok(Math.abs(v! + Math.log(3)) < 1e-15, `${v}`);
  });

  it('stays finite for scores whose exponentials overflow or underflow, and lets NaN through', () => {
    assert.deepEqual(run([[1000, 0], [-1000, 0], [3e38, -3e38]]), [[0, -1000], [-1000, 0], [0, -6e38]]);
    assert.deepEqual(run([[-Infinity, 0]]), [[-Infinity, 0]]);
    assert.ok(run([[1, NaN, 2]])[0]!.every((v) => Number.isNaN(v)));
  });

  it('does nothing for no rows, and gives 0 for a row of one class', () => {
    referenceKernels.logSoftmax(new Float64Array(0), new Float64Array(0), 0, 5);
    assert.deepEqual(run([[7], [-1e300]]), [[0], [0]]);
  });
});
