import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, ValueError, loadMnist, loadWasmKernels, referenceKernels, takeRows } from '../../src/index.js';
import { SPARSE_MAX_DENSITY } from '../../src/experimental.js';
import type { Kernels } from '../../src/index.js';

// The same build twice: one that always skips A's zeros (when B is finite), one that never does; and
// the same pair of the plain-SIMD build (no fused multiply-add), which browsers without relaxed SIMD load.
const sparse = loadWasmKernels({ sparseMaxDensity: 1 })!;
const dense = loadWasmKernels({ sparseMaxDensity: -1 })!;
const plainSparse = loadWasmKernels({ sparseMaxDensity: 1, build: 'simd' })!;
const plainDense = loadWasmKernels({ sparseMaxDensity: -1, build: 'simd' })!;

/** A (count floats) with about `density` of them nonzero, normal values. */
function sparseArray(count: number, density: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: count }, () => (rng.uniform() < density ? rng.normal() : 0));
}

function product(kernels: Kernels, a: Float32Array, b: Float32Array, m: number, n: number, k: number, ta: boolean, tb: boolean, bias?: Float32Array): Float32Array {
  const out = new Float32Array(m * n).fill(NaN);
  kernels.matmul(a, b, out, m, n, k, ta, tb, bias);
  return out;
}

/** Entry by entry with Object.is: the same bits, NaN and the sign of zero included. */
function assertSameBits(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}: entry ${i} is ${got[i]}, the dense kernel gives ${want[i]}`);
  }
}

describe('WebAssembly products that skip the zeros of A', () => {
  // n = 1 .. 100 covers every width of the column blocks (1 to 7 vectors, and several blocks a row)
  it('give the dense kernels’ result to the bit, for every transpose flag, with and without a bias, on odd shapes and densities, in both builds', () => {
    const rng = new Rng(21);
    let cases = 0;
    for (const [fast, slow] of [[sparse, dense], [plainSparse, plainDense]] as const)
      for (const [m, n, k] of [[1, 1, 3000], [3, 5, 700], [9, 33, 64], [17, 50, 100], [20, 65, 70], [100, 50, 784], [64, 100, 100], [7, 1, 513], [5, 20, 96], [4, 28, 65], [3, 57, 80]] as const)
        for (const density of [0, 0.03, 0.2, 0.5, 1])
          for (const ta of [false, true])
            for (const tb of [false, true])
              for (const withBias of [false, true]) {
                const a = sparseArray(m * k, density, rng);
                const b = Float32Array.from({ length: k * n }, () => rng.normal());
                const bias = withBias ? Float32Array.from({ length: n }, () => rng.normal()) : undefined;
                const what = `m=${m} n=${n} k=${k} density=${density} transA=${ta} transB=${tb} bias=${withBias}`;
                assertSameBits(product(fast, a, b, m, n, k, ta, tb, bias), product(slow, a, b, m, n, k, ta, tb, bias), `${fast.name}: ${what}`);
                cases++;
              }
    assert.equal(cases, 2 * 11 * 5 * 8);
  });

  it('agree with the TypeScript reference on a real MNIST batch, in the three backprop forms of the first layer', () => {
    const rng = new Rng(22);
    const x = takeRows(loadMnist({ flatten: true, trainLimit: 500, testLimit: 1 }).train.images, Int32Array.from({ length: 100 }, () => rng.int(500))).data as Float32Array;
    const density = x.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0) / x.length;
    assert.ok(density > 0.1 && density < SPARSE_MAX_DENSITY, `MNIST pixels are mostly zeros (${density.toFixed(3)} nonzero), below the default threshold ${SPARSE_MAX_DENSITY}`);
    const w = Float32Array.from({ length: 784 * 50 }, () => 0.01 * rng.normal());
    const dy = Float32Array.from({ length: 100 * 50 }, () => rng.normal());
    const defaults = loadWasmKernels()!;
    for (const [a, b, m, n, k, ta] of [[x, w, 100, 50, 784, false], [x, dy, 784, 50, 100, true]] as const) {
      const got = product(defaults, a, b, m, n, k, ta, false);
      const ref = new Float32Array(m * n);
      const mag = new Float32Array(m * n);
      referenceKernels.matmul(a, b, ref, m, n, k, ta, false);
      referenceKernels.matmul(a.map(Math.abs), b.map(Math.abs), mag, m, n, k, ta, false);
      got.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) <= 1e-5 * mag[i]! + 1e-30, `transA=${ta}: entry ${i} is ${v}, reference ${ref[i]}`));
      assertSameBits(got, product(dense, a, b, m, n, k, ta, false), `MNIST batch, transA=${ta}`);
    }
  });

  it('keep IEEE results where B holds ∞ or NaN (0·∞ is NaN: the zeros are not skipped then) and where A does', () => {
    const rng = new Rng(23);
    const [m, n, k] = [12, 9, 40];
    for (const bad of [Infinity, -Infinity, NaN])
      for (const ta of [false, true])
        for (const tb of [false, true]) {
          const a = sparseArray(m * k, 0.1, rng);
          const b = Float32Array.from({ length: k * n }, () => rng.normal());
          b[rng.int(k * n)] = bad; // most rows of A have a zero where this meets them
          const want = product(dense, a, b, m, n, k, ta, tb);
          assert.ok(want.some((v) => Number.isNaN(v)), 'the dense product has NaNs from 0·∞ or 0·NaN');
          assertSameBits(product(sparse, a, b, m, n, k, ta, tb), want, `B holds ${bad}, transA=${ta} transB=${tb}`);
          const a2 = sparseArray(m * k, 0.1, rng);
          a2[rng.int(m * k)] = bad;
          a2[rng.int(m * k)] = -0;
          const b2 = Float32Array.from({ length: k * n }, () => rng.normal());
          assertSameBits(product(sparse, a2, b2, m, n, k, ta, tb), product(dense, a2, b2, m, n, k, ta, tb), `A holds ${bad} and −0, transA=${ta} transB=${tb}`);
        }
  });

  it('refuse a sparseMaxDensity or threadMinMacs that is not a share or a count, naming it', () => {
    for (const bad of [NaN, 1.5, -2, Infinity])
      assert.throws(() => loadWasmKernels({ sparseMaxDensity: bad }), (e: unknown) => e instanceof ValueError && /sparseMaxDensity/.test(e.message) && e.message.includes(String(bad)));
    for (const bad of [NaN, -1])
      assert.throws(() => loadWasmKernels({ threadMinMacs: bad }), (e: unknown) => e instanceof ValueError && /threadMinMacs/.test(e.message));
    assert.ok(loadWasmKernels({ sparseMaxDensity: -1, threadMinMacs: 0 }) !== null);
    assert.ok(loadWasmKernels({ threadMinMacs: Infinity }) !== null, 'Infinity: never split');
  });
});
