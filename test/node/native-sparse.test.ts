import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, loadMnist, takeRows } from '../../src/index.js';
import { firstBitDifference, isas, nativeKernels, randomArray, skipUnlessNative, wasmTwin } from './native-helpers.js';

describe('native products that skip zeros', { skip: skipUnlessNative() }, () => {
  it('give the dense bits, and the twin build\'s, for every transpose form, with a bias, transposeBlocks and random densities', () => {
    const rng = new Rng(41);
    let compared = 0;
    for (const isa of isas()) {
      const [sparse, dense, twin] = [nativeKernels(isa, 1, undefined, 1), nativeKernels(isa, 1, undefined, -1), wasmTwin(isa)];
      for (let t = 0; t < 120; t++) {
        const [m, n, k] = [1 + rng.int(90), 1 + rng.int(140), 64 + rng.int(300)];
        const [ta, tb] = [rng.uniform() < 0.5, rng.uniform() < 0.5];
        const a = randomArray(rng, m * k, rng.uniform(0.3, 1));
        if (t % 7 === 0) a[rng.int(a.length)] = NaN; // a NaN in A is kept (NaN ≠ 0) and spreads as in the dense sum
        const b = randomArray(rng, k * n);
        const bias = t % 3 === 0 ? randomArray(rng, n) : undefined;
        const blocks = t % 5 === 0 && m % 2 === 0 ? 2 : undefined;
        const label = `${isa} ${m}×${k}·${k}×${n} transA=${ta} transB=${tb} bias=${!!bias} blocks=${blocks}`;
        const want = dense.matmul(a, b, null, m, n, k, ta, tb, bias, blocks) as Float32Array;
        const got = sparse.matmul(a, b, null, m, n, k, ta, tb, bias, blocks) as Float32Array;
        assert.equal(firstBitDifference(got, want), -1, label);
        assert.equal(firstBitDifference(got, twin.matmul(a, b, null, m, n, k, ta, tb, bias, blocks) as Float32Array), -1, `${label} (twin)`);
        compared++;
      }
    }
    assert.ok(compared >= 120);
  });

  it('leave a B holding ∞ or NaN to the dense kernel (0·∞ is NaN there), and give its bits', () => {
    const rng = new Rng(42);
    for (const isa of isas()) {
      const [sparse, dense] = [nativeKernels(isa, 1, undefined, 1), nativeKernels(isa, 1, undefined, -1)];
      for (const bad of [Infinity, -Infinity, NaN]) {
        const [m, n, k] = [20, 30, 100];
        const a = randomArray(rng, m * k, 0.9);
        const b = randomArray(rng, k * n);
        b[rng.int(b.length)] = bad;
        const got = sparse.matmul(a, b, null, m, n, k, false, false) as Float32Array;
        assert.equal(firstBitDifference(got, dense.matmul(a, b, null, m, n, k, false, false) as Float32Array), -1, `${isa} B with ${bad}`);
        assert.ok(got.some((v) => Number.isNaN(v)), `${isa}: a zero times ${bad} gives NaN somewhere`);
      }
    }
  });

  it('give the dense bits on MNIST batches in the three backprop forms, on one thread and split across two', () => {
    const rng = new Rng(43);
    const images = loadMnist({ trainLimit: 1000, testLimit: 1 }).train.images;
    const isa = isas()[0]!;
    const [dense, sparse, split] = [nativeKernels(isa, 1, undefined, -1), nativeKernels(isa, 1, undefined, 0.5), nativeKernels(isa, 2, 0, 0.5)];
    for (const rows of [100, 1000]) {
      const x = takeRows(images, Int32Array.from({ length: rows }, () => rng.int(1000))).data as Float32Array;
      const w = randomArray(rng, 784 * 50);
      const dy = randomArray(rng, rows * 50);
      for (const [a, b, m, n, k, ta] of [[x, w, rows, 50, 784, false], [x, dy, 784, 50, rows, true]] as const) {
        const want = dense.matmul(a, b, null, m, n, k, ta, false) as Float32Array;
        for (const kernels of [sparse, split]) assert.equal(firstBitDifference(kernels.matmul(a, b, null, m, n, k, ta, false) as Float32Array, want), -1, `${kernels.name} ${m}×${k}·${k}×${n} transA=${ta}`);
      }
    }
  });
});
