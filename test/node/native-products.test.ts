import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, ValueError, referenceKernels, type Kernels } from '../../src/index.js';
import { call } from '../../src/node/native-call.js';
import { firstBitDifference, isas, native, nativeKernels, randomArray, skipUnlessNative, wasmTwin } from './native-helpers.js';

/** |fast − reference| ≤ 1e-5 · Σₚ |a·b| + tiny for each entry: float32 sums in another order than the reference's float64 ones. */
function assertNearReference(k: Kernels, a: Float32Array, b: Float32Array, m: number, n: number, kk: number, ta: boolean, tb: boolean, label: string): void {
  const fast = k.matmul(a, b, null, m, n, kk, ta, tb) as Float32Array;
  const ref = referenceKernels.matmul(a, b, null, m, n, kk, ta, tb);
  const mag = referenceKernels.matmul(a.map(Math.abs), b.map(Math.abs), null, m, n, kk, ta, tb);
  for (let i = 0; i < m * n; i++) assert.ok(Math.abs(fast[i]! - ref[i]!) <= 1e-5 * mag[i]! + 1e-30, `${label}: entry ${i} is ${fast[i]}, reference ${ref[i]}`);
}

/** A random product shape: mostly small and odd (every edge of the blocks), sometimes deep or wide. */
function randomShape(rng: Rng): [number, number, number] {
  const pick = (small: number, large: number): number => (rng.uniform() < 0.8 ? rng.int(small) : rng.int(large));
  return [pick(40, 300), pick(70, 300), pick(90, 700)];
}

describe('native matrix products', { skip: skipUnlessNative() }, () => {
  it('give the bits of their WebAssembly twin (AVX-512 and AVX2: relaxed SIMD; portable C: plain SIMD) on random shapes, every transpose form, with and without a bias and transposeBlocks', () => {
    const rng = new Rng(16);
    let compared = 0;
    for (const isa of isas()) {
      const fast = nativeKernels(isa);
      const twin = wasmTwin(isa);
      for (let t = 0; t < 250; t++) {
        const [m, n, k] = randomShape(rng);
        const [ta, tb] = [rng.uniform() < 0.5, rng.uniform() < 0.5];
        const a = randomArray(rng, m * k, rng.uniform() < 0.3 ? 0.5 : 0);
        const b = randomArray(rng, k * n);
        const bias = rng.uniform() < 0.4 ? randomArray(rng, n) : undefined;
        const divisors = Array.from({ length: m }, (_, i) => i + 1).filter((d) => m % d === 0);
        const blocks = m > 0 && rng.uniform() < 0.25 ? divisors[rng.int(divisors.length)] : undefined;
        const got = fast.matmul(a, b, null, m, n, k, ta, tb, bias, blocks) as Float32Array;
        const want = twin.matmul(a, b, null, m, n, k, ta, tb, bias, blocks) as Float32Array;
        const at = firstBitDifference(got, want);
        assert.equal(at, -1, `${isa} ${m}×${k}·${k}×${n} transA=${ta} transB=${tb} bias=${!!bias} blocks=${blocks}: entry ${at} is ${got[at]}, ${twin.name} gives ${want[at]}`);
        compared++;
      }
    }
    assert.ok(compared >= 250, `compared ${compared} products`);
  });

  it("give their twin's bits on the book's shapes and with a result array passed in", () => {
    const rng = new Rng(17);
    for (const isa of isas()) {
      const fast = nativeKernels(isa);
      const twin = wasmTwin(isa);
      for (const [m, k, n, ta, tb] of [[100, 784, 50, false, false], [784, 100, 50, true, false], [100, 50, 784, false, true], [2304, 25, 30, false, true], [30, 2304, 25, true, false], [257, 513, 129, true, true]] as const) {
        const a = randomArray(rng, m * k);
        const b = randomArray(rng, k * n);
        const [got, want] = [new Float32Array(m * n).fill(NaN), new Float32Array(m * n)];
        assert.equal(fast.matmul(a, b, got, m, n, k, ta, tb), got);
        twin.matmul(a, b, want, m, n, k, ta, tb);
        assert.equal(firstBitDifference(got, want), -1, `${isa} ${m}×${k}·${k}×${n}`);
      }
    }
  });

  it('agree with the TypeScript reference within float32 rounding, empty and 1-sized shapes included', () => {
    const rng = new Rng(18);
    for (const isa of isas()) {
      const fast = nativeKernels(isa);
      for (const m of [0, 1, 7, 9, 33])
        for (const n of [0, 1, 15, 17, 33, 65])
          for (const k of [0, 1, 64, 300])
            for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
              assertNearReference(fast, randomArray(rng, m * k), randomArray(rng, k * n), m, n, k, ta, tb, `${isa} ${m}×${k}·${k}×${n} ${ta} ${tb}`);
            }
    }
  });

  it('add a bias as a product followed by an add would (k = 0: +0 + bias, so −0 becomes +0)', () => {
    const fast = nativeKernels(isas()[0]!);
    const rng = new Rng(19);
    for (const [m, n, k] of [[9, 33, 64], [100, 50, 784], [64, 40, 0]] as const) {
      const a = randomArray(rng, m * k);
      const b = randomArray(rng, k * n);
      const bias = randomArray(rng, n);
      bias[0] = -0;
      const fused = fast.matmul(a, b, null, m, n, k, false, false, bias) as Float32Array;
      const sum = fast.binary('add', fast.matmul(a, b, null, m, n, k, false, false), [n, 1], bias, [0, 1], null, [m, n]) as Float32Array;
      assert.equal(firstBitDifference(fused, sum), -1, `${m}×${k}·${k}×${n}`);
      if (k === 0) assert.ok(Object.is(fused[0], 0), 'k = 0 with a −0 bias gives +0');
    }
  });

  it('give the same bits on 1, 2 and 3 threads (rows split across the pool)', () => {
    const rng = new Rng(21);
    const isa = isas()[0]!;
    const one = nativeKernels(isa, 1);
    const [two, three] = [nativeKernels(isa, 2, 0), nativeKernels(isa, 3, 0)]; // threadMinMacs 0: every product splits
    for (const [m, k, n, ta, tb] of [[301, 784, 50, false, false], [784, 301, 50, true, false], [301, 50, 784, false, true], [49, 100, 33, true, true], [2, 500, 20, false, false]] as const) {
      const a = randomArray(rng, m * k);
      const b = randomArray(rng, k * n);
      const bias = randomArray(rng, n);
      const want = one.matmul(a, b, null, m, n, k, ta, tb, bias) as Float32Array;
      for (const many of [two, three, two]) assert.equal(firstBitDifference(many.matmul(a, b, null, m, n, k, ta, tb, bias) as Float32Array, want), -1, `${many.name} ${m}×${k}·${k}×${n}`);
    }
  });

  it('split thousands of small products back to back, and after pauses that put the helpers to sleep, with the same bits', async () => {
    const rng = new Rng(22);
    const isa = isas()[0]!;
    const one = nativeKernels(isa, 1);
    const many = [nativeKernels(isa, 2, 0), nativeKernels(isa, 3, 0), nativeKernels(isa, 4, 0)];
    for (let t = 0; t < 1500; t++) {
      const [m, n, k] = [48 + rng.int(80), 1 + rng.int(40), 1 + rng.int(60)];
      const a = randomArray(rng, m * k);
      const b = randomArray(rng, k * n);
      const kernels = many[t % many.length]!;
      const got = kernels.matmul(a, b, null, m, n, k, false, t % 2 === 0) as Float32Array;
      assert.equal(firstBitDifference(got, one.matmul(a, b, null, m, n, k, false, t % 2 === 0) as Float32Array), -1, `${kernels.name} ${m}×${k}·${k}×${n}`);
      if (t % 500 === 0) await new Promise((r) => setTimeout(r, 5));
    }
  });

  it('transposeBatched gives exactly the reference transpose', () => {
    const rng = new Rng(20);
    for (const isa of isas()) {
      const fast = nativeKernels(isa);
      for (const [batch, rows, cols] of [[1, 1, 1], [3, 8, 8], [2, 17, 9], [5, 30, 576], [1, 0, 4]] as const) {
        const a = randomArray(rng, batch * rows * cols);
        assert.deepEqual(fast.transposeBatched(a, null, batch, rows, cols), referenceKernels.transposeBatched(a, null, batch, rows, cols), `${isa} ${batch}×${rows}×${cols}`);
      }
    }
  });

  it('refuse wrong types, lengths and sizes with typed errors naming the argument, and never write a partial result', () => {
    const addon = native();
    const k = nativeKernels(isas()[0]!);
    const [m, n, kk] = [64, 40, 30];
    const a = new Float32Array(m * kk), b = new Float32Array(kk * n);
    const out = new Float32Array(m * n).fill(7);
    const expectError = (f: () => unknown, type: new (...x: never[]) => Error, pattern: RegExp): void => {
      assert.throws(() => call(f), (e: unknown) => e instanceof type && pattern.test((e as Error).message), String(pattern));
    };
    expectError(() => k.matmul(a.subarray(1), b, null, m, n, kk, false, false), ShapeError, /native matmul: a must hold 1920 values, got 1919/);
    expectError(() => k.matmul(a, b, new Float32Array(m * n + 1), m, n, kk, false, false), ShapeError, /out must hold 2560 values/);
    expectError(() => k.matmul(a, b, null, m, n, kk, false, false, new Float32Array(n - 1)), ShapeError, /bias must hold 40 values/);
    expectError(() => k.matmul(a, b, null, m, n, kk, false, false, undefined, 7), ShapeError, /blocks \(7\) must divide the rows m \(64\)/);
    expectError(() => addon.matmul(a, new Float64Array(kk * n) as unknown as Float32Array, out, m, n, kk, false, false, null, 0), DTypeError, /b must be a Float32Array, got a Float64Array/);
    expectError(() => addon.matmul(a, b, out, m, n, -1, false, false, null, 0), ValueError, /k must be a whole number/);
    expectError(() => addon.matmul(a, b, out, m, n, 2.5, false, false, null, 0), ValueError, /k must be a whole number/);
    expectError(() => addon.matmul(a, b, out, m, n, NaN, false, false, null, 0), ValueError, /k must be a whole number/);
    expectError(() => addon.matmul(a, b, out, 2 ** 40, 2 ** 40, kk, false, false, null, 0), ShapeError, /too large/);
    expectError(() => addon.matmul(a, b, out, m, n, kk, 1 as unknown as boolean, false, null, 0), ValueError, /transA must be a boolean, got a number/);
    expectError(() => addon.matmul(a, b, out, m, n, kk, false, false, 'x' as unknown as null, 0), DTypeError, /bias must be a Float32Array, got a string/);
    expectError(() => (addon.matmul as unknown as (...x: unknown[]) => void)(a, b, out, m, n), ValueError, /expected 10 arguments, got 5/);
    const shared = new Float32Array(m * kk + m * n);
    expectError(() => addon.matmul(shared.subarray(0, m * kk), b, shared.subarray(m * kk - 1, m * kk - 1 + m * n), m, n, kk, false, false, null, 0), ValueError, /out must not share memory with a/);
    assert.ok(out.every((v) => v === 7), 'no refused call wrote into out');
  });
});
