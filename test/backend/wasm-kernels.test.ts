import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Rng, ValueError, getBackend, loadWasmKernels, referenceKernels, setBackend } from '../../src/index.js';
import type { Kernels } from '../../src/index.js';

setBackend('wasm'); // where the native kernels load they are the default; these tests are the WebAssembly backend's

const wasm = loadWasmKernels();
/** The build without relaxed SIMD (plain multiply and add), which browsers without relaxed SIMD load. */
const plainSimd = loadWasmKernels({ build: 'simd' });

/** |fast − reference| ≤ 1e-5 · Σₚ |a·b| for each entry: float32 sums in another order. */
function compare(m: number, n: number, k: number, ta: boolean, tb: boolean, rng: Rng, fastKernels: Kernels = wasm!): void {
  const a = Float32Array.from({ length: m * k }, () => rng.normal());
  const b = Float32Array.from({ length: k * n }, () => rng.normal());
  const fast = new Float32Array(m * n).fill(NaN);
  const ref = new Float32Array(m * n);
  const mag = new Float32Array(m * n);
  fastKernels.matmul(a, b, fast, m, n, k, ta, tb);
  referenceKernels.matmul(a, b, ref, m, n, k, ta, tb);
  referenceKernels.matmul(a.map(Math.abs), b.map(Math.abs), mag, m, n, k, ta, tb);
  for (let i = 0; i < m * n; i++) {
    assert.ok(Math.abs(fast[i]! - ref[i]!) <= 1e-5 * mag[i]! + 1e-30, `m=${m} n=${n} k=${k} transA=${ta} transB=${tb}: entry ${i} is ${fast[i]}, reference ${ref[i]}`);
  }
}

describe('WebAssembly SIMD kernels', () => {
  it("are available and installed for float32 on this Node by setBackend('wasm')", () => {
    assert.ok(wasm !== null, 'this Node has WebAssembly SIMD, so the wasm kernels must load');
    assert.match(getBackend().name, /^wasm-/);
  });

  it('matmul agrees with the TypeScript reference on odd, empty and 1-sized shapes for every transpose flag, in both builds', () => {
    assert.ok(plainSimd !== null, "this Node runs WebAssembly SIMD, so the plain build must load with build: 'simd'");
    assert.equal(plainSimd.name, 'wasm-simd');
    const rng = new Rng(7);
    let cases = 0;
    for (const kernels of [wasm!, plainSimd])
      for (const m of [0, 1, 3, 4, 5, 9, 17])
        for (const n of [0, 1, 7, 8, 9, 30, 33])
          for (const k of [0, 1, 5, 64, 100])
            for (const ta of [false, true])
              for (const tb of [false, true]) {
                compare(m, n, k, ta, tb, rng, kernels);
                cases++;
              }
    assert.equal(cases, 2 * 7 * 7 * 5 * 4);
  });

  it("loads the build asked for, and refuses a build it does not have, naming it", () => {
    assert.equal(loadWasmKernels({ build: 'relaxed-simd' })?.name ?? 'not here', wasm!.name === 'wasm-relaxed-simd' ? 'wasm-relaxed-simd' : 'not here');
    // @ts-expect-error: a build name that does not exist
    assert.throws(() => loadWasmKernels({ build: 'avx2' }), (e: unknown) => e instanceof ValueError && e.message.includes('"avx2"'));
  });

  it("matmul agrees on the book's shapes (100×784·784×50 in all three backprop forms, the im2col product), in both builds", () => {
    const rng = new Rng(8);
    for (const kernels of [wasm!, plainSimd!]) {
      compare(100, 50, 784, false, false, rng, kernels);
      compare(784, 50, 100, true, false, rng, kernels);
      compare(100, 784, 50, false, true, rng, kernels);
      compare(2304, 30, 25, false, true, rng, kernels);
    }
  });

  it('matmul with a bias gives exactly the product followed by an add, in both backends, for every transpose flag', () => {
    const rng = new Rng(11);
    for (const [m, n, k] of [[5, 7, 9], [9, 33, 64], [100, 50, 784], [17, 8, 3], [1, 1, 1], [0, 9, 5]] as const)
      for (const ta of [false, true])
        for (const tb of [false, true])
          for (const kernels of [wasm!, referenceKernels]) {
            const a = Float32Array.from({ length: m * k }, () => rng.normal());
            const b = Float32Array.from({ length: k * n }, () => rng.normal());
            const bias = Float32Array.from({ length: n }, () => 10 * rng.normal());
            const [fused, product, sum] = [new Float32Array(m * n), new Float32Array(m * n), new Float32Array(m * n)];
            kernels.matmul(a, b, fused, m, n, k, ta, tb, bias);
            kernels.matmul(a, b, product, m, n, k, ta, tb);
            kernels.binary('add', product, [n, 1], bias, [0, 1], sum, [m, n]);
            assert.deepEqual(fused, sum, `${kernels.name} ${m}×${n}×${k} transA=${ta} transB=${tb}`);
          }
  });

  it('im2col and col2im agree exactly with the reference for strides, pads and odd sizes', () => {
    const rng = new Rng(10);
    for (const [N, C, H, W, FH, FW, stride, pad] of [[2, 3, 7, 5, 3, 3, 1, 1], [1, 2, 6, 6, 2, 2, 2, 0], [2, 1, 9, 9, 5, 5, 2, 2], [1, 4, 4, 4, 4, 4, 1, 0], [1, 1, 5, 6, 3, 6, 1, 1]] as const) {
      const OH = (H + 2 * pad - FH) / stride + 1;
      const OW = (W + 2 * pad - FW) / stride + 1;
      const g = { N, C, H, W, FH, FW, stride, pad, OH, OW };
      const x = Float32Array.from({ length: N * C * H * W }, () => rng.normal());
      const rows = N * OH * OW * C * FH * FW;
      const [fast, ref] = [new Float32Array(rows), new Float32Array(rows)];
      wasm!.im2col(x, fast, g, -Infinity);
      referenceKernels.im2col(x, ref, g, -Infinity);
      assert.deepEqual(fast, ref, `im2col ${JSON.stringify(g)}`);
      const col = Float32Array.from({ length: rows }, () => rng.normal());
      const [back, backRef] = [new Float32Array(x.length).fill(NaN), new Float32Array(x.length)];
      wasm!.col2im(col, back, g);
      referenceKernels.col2im(col, backRef, g);
      for (let i = 0; i < x.length; i++) assert.ok(Math.abs(back[i]! - backRef[i]!) <= 1e-5 * (1 + Math.abs(backRef[i]!)), `col2im ${JSON.stringify(g)} entry ${i}`);
    }
  });

  it('im2col, col2im, pooling, transposes and logSoftmax take empty batches and 1-sized dimensions as the reference does', () => {
    const rng = new Rng(12);
    const fill = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
    for (const [N, C, H, W, F, stride, pad] of [[0, 3, 6, 6, 2, 2, 0], [1, 1, 1, 1, 1, 1, 0], [2, 1, 3, 1, 1, 1, 0], [0, 0, 4, 4, 2, 2, 0]] as const) {
      const [OH, OW] = [(H + 2 * pad - F) / stride + 1, (W + 2 * pad - F) / stride + 1];
      const g = { N, C, H, W, FH: F, FW: F, stride, pad, OH, OW };
      const what = JSON.stringify(g);
      const x = fill(N * C * H * W);
      const rows = N * OH * OW * C * F * F;
      const [col, colRef] = [new Float32Array(rows), new Float32Array(rows)];
      wasm!.im2col(x, col, g, 0);
      referenceKernels.im2col(x, colRef, g, 0);
      assert.deepEqual(col, colRef, `im2col ${what}`);
      const [back, backRef] = [new Float32Array(x.length), new Float32Array(x.length)];
      wasm!.col2im(colRef, back, g);
      referenceKernels.col2im(colRef, backRef, g);
      assert.deepEqual(back, backRef, `col2im ${what}`);
      const n = N * C * OH * OW;
      const [out, outRef, arg, argRef] = [new Float32Array(n), new Float32Array(n), new Int32Array(n), new Int32Array(n)];
      wasm!.maxPool(x, out, arg, g);
      referenceKernels.maxPool(x, outRef, argRef, g);
      assert.deepEqual([out, arg], [outRef, argRef], `maxPool ${what}`);
      const [dx, dxRef] = [new Float32Array(x.length), new Float32Array(x.length)];
      wasm!.maxPoolBackward(outRef, argRef, dx, dx.length);
      referenceKernels.maxPoolBackward(outRef, argRef, dxRef, dxRef.length);
      assert.deepEqual(dx, dxRef, `maxPoolBackward ${what}`);
    }
    for (const [b, r, c] of [[0, 5, 5], [5, 0, 3], [1, 1, 5000], [5000, 1, 1]] as const) {
      const a = fill(b * r * c);
      const [t, tRef] = [new Float32Array(a.length), new Float32Array(a.length)];
      wasm!.transposeBatched(a, t, b, r, c);
      referenceKernels.transposeBatched(a, tRef, b, r, c);
      assert.deepEqual(t, tRef, `transposeBatched ${b}×${r}×${c}`);
    }
    for (const [rows, cols] of [[0, 10], [1000, 1]] as const) {
      const a = fill(rows * cols);
      const [y, yRef] = [new Float32Array(a.length), new Float32Array(a.length)];
      wasm!.logSoftmax(a, y, rows, cols);
      referenceKernels.logSoftmax(a, yRef, rows, cols);
      assert.deepEqual(y, yRef, `logSoftmax ${rows}×${cols}`);
    }
  });

  it('every kernel that makes a result gives the same array whether it fills `out` or makes the array itself (out null)', () => {
    const rng = new Rng(13);
    const fill = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
    const g = { N: 3, C: 2, H: 12, W: 12, FH: 3, FW: 3, stride: 1, pad: 1, OH: 12, OW: 12 };
    const [x, a, b, row] = [fill(3 * 2 * 12 * 12), fill(60 * 70), fill(70 * 50), fill(70)];
    const col = fill(3 * 12 * 12 * 2 * 9);
    const [dout, argmax] = [fill(100), Int32Array.from({ length: 100 }, (_, i) => (i * 7) % x.length)];
    type Run = (out: Float32Array | null) => ArrayLike<number>;
    const runs = (k: typeof referenceKernels): [string, number, Run][] => [
      ['matmul', 60 * 50, (o) => k.matmul(a, b, o, 60, 50, 70, false, false, fill(50).fill(0.5))],
      ['binary', 60 * 70, (o) => k.binary('sub', a, [70, 1], row, [0, 1], o, [60, 70])],
      ['binaryScalar', 60 * 70, (o) => k.binaryScalar('mul', a, 3, o, false)],
      ['unary', 60 * 70, (o) => k.unary('exp', a, o)],
      ['reduce', 70, (o) => k.reduce('sum', a, o, 1, 60, 70)],
      ['logSoftmax', 60 * 70, (o) => k.logSoftmax(a, o, 60, 70)],
      ['im2col', col.length, (o) => k.im2col(x, o, g, 0)],
      ['col2im', x.length, (o) => k.col2im(col, o, g)],
      ['transposeBatched', a.length, (o) => k.transposeBatched(a, o, 1, 60, 70)],
      ['maxPoolBackward', x.length, (o) => k.maxPoolBackward(dout, argmax, o, x.length)],
    ];
    for (const k of [wasm!, referenceKernels])
      for (const [what, n, run] of runs(k)) {
        const given = new Float32Array(n).fill(NaN);
        const returned = run(given);
        const made = run(null);
        assert.equal(returned, given, `${k.name} ${what}: returns the out it was given`);
        assert.ok(made instanceof Float32Array && made !== given, `${k.name} ${what}: makes a new Float32Array`);
        assert.deepEqual(made, given, `${k.name} ${what}`);
      }
    assert.ok(referenceKernels.unary('neg', new Float64Array(3), null) instanceof Float64Array, 'the reference makes results of its input type');
  });

  it('matmul with blocks gives exactly the product followed by transposeBatched, in both backends (dense, zero-skipping, every transpose flag, a bias)', () => {
    const rng = new Rng(17);
    for (const kernels of [wasm!, referenceKernels])
      for (const [m, n, k, blocks, density] of [[12, 5, 7, 3, 1], [200, 30, 25, 8, 1], [100, 50, 784, 4, 0.2], [100, 50, 784, 100, 0.2], [36, 9, 70, 2, 0.1]] as const)
        for (const ta of [false, true])
          for (const tb of [false, true])
            for (const withBias of [false, true]) {
              const a = Float32Array.from({ length: m * k }, () => (rng.uniform() < density ? rng.normal() : 0));
              const b = Float32Array.from({ length: k * n }, () => rng.normal());
              const bias = withBias ? Float32Array.from({ length: n }, () => rng.normal()) : undefined;
              const plain = kernels.matmul(a, b, null, m, n, k, ta, tb, bias);
              const want = kernels.transposeBatched(plain, null, blocks, m / blocks, n);
              const got = kernels.matmul(a, b, null, m, n, k, ta, tb, bias, blocks);
              assert.deepEqual(got, want, `${kernels.name} m=${m} n=${n} k=${k} blocks=${blocks} transA=${ta} transB=${tb} bias=${withBias}`);
            }
  });

  it('transposeBatched agrees exactly with the reference', () => {
    const rng = new Rng(11);
    for (const [b, r, c] of [[3, 37, 70], [1, 64, 64], [100, 576, 30], [2, 1, 5000]] as const) {
      const a = Float32Array.from({ length: b * r * c }, () => rng.normal());
      const [fast, ref] = [new Float32Array(a.length), new Float32Array(a.length)];
      wasm!.transposeBatched(a, fast, b, r, c);
      referenceKernels.transposeBatched(a, ref, b, r, c);
      assert.deepEqual(fast, ref);
    }
  });

  it('leaves float64 to the reference kernels', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    const out = new Float64Array(4);
    wasm!.matmul(a, a, out, 2, 2, 2, false, false);
    assert.deepEqual([...out], [7, 10, 15, 22]);
  });
});

describe('two threads', () => {
  it('split large products by rows and large im2col/col2im by samples, bit-identical to one thread, and training is bit-identical too', async () => {
    const { setThreads, Tensor, TwoLayerNet, SGD, train, loadMnist, im2col, col2im } = await import('../../src/index.js');
    const before = (getBackend() as { threads?: number }).threads ?? 1;
    const rng = new Rng(9);
    const a = Tensor.randn([301, 784], rng);
    const b = Tensor.randn([784, 50], rng);
    const d = Tensor.randn([301, 50], rng);
    const bias = Tensor.randn([50], rng);
    const image = Tensor.randn([12, 9, 40, 40], rng);
    const small = Tensor.randn([36, 16, 30, 30], rng); // 3×3 windows, no padding: each sample ends in an inner window, next to the next thread's samples
    // a fifth nonzero, like MNIST pixels: the products that skip zeros, large enough to split (15.7 million multiply-adds kept)
    const sparseA = Tensor.randn([2000, 784], rng).mul(Tensor.randn([2000, 784], rng).greater(0.85));
    const sparseD = Tensor.randn([2000, 50], rng);
    let [cols, cols3] = [image, small];
    const run = () => {
      cols = im2col(image, 5, 5, 1, 2);
      cols3 = im2col(small, 3, 3, 1, 0);
      const data = loadMnist({ trainLimit: 1000, testLimit: 100 });
      const net = new TwoLayerNet(784, 50, 10, { seed: 2 });
      train(net, data, { optimizer: new SGD(0.1), iters: 30, batchSize: 100, seed: 3 });
      return [
        ...Object.values(net.params).map((t) => Array.from(t.data)),
        Array.from(a.matmul(b).data),
        Array.from(a.matmul(d, { transA: true }).data),
        Array.from(d.matmul(b, { transB: true }).data),
        Array.from(a.matmul(b, { bias }).data),
        Array.from(cols.data), // 4.3 million column values: split by samples across the threads
        Array.from(col2im(cols, [12, 9, 40, 40], 5, 5, 1, 2).data),
        Array.from(cols3.data), // 4.1 million values
        Array.from(col2im(cols3, [36, 16, 30, 30], 3, 3, 1, 0).data),
        Array.from(sparseA.matmul(b, { bias }).data),
        Array.from(sparseA.matmul(sparseD, { transA: true }).data),
        Array.from(a.matmul(b, { bias, transposeBlocks: 7 }).data), // split by rows across threads, then transposed by blocks
      ];
    };
    try {
      assert.match(setThreads(2), /×2 threads$/);
      const two = run();
      assert.doesNotMatch(setThreads(1), /threads/);
      const one = run();
      assert.deepEqual(two, one);
      const ref = new Float32Array(301 * 50);
      referenceKernels.matmul(a.data, b.data, ref, 301, 50, 784, false, false);
      two[4]!.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) < 1e-3, `entry ${i}`));
      assert.deepEqual(two[7], Array.from(a.matmul(b).add(bias).data)); // the bias, added in the threads' epilogue
      const colsRef = new Float32Array(cols.size);
      const g = { N: 12, C: 9, H: 40, W: 40, FH: 5, FW: 5, stride: 1, pad: 2, OH: 40, OW: 40 };
      referenceKernels.im2col(image.data, colsRef, g, 0);
      assert.deepEqual(two[8], Array.from(colsRef), 'im2col on two threads');
      const g3 = { N: 36, C: 16, H: 30, W: 30, FH: 3, FW: 3, stride: 1, pad: 0, OH: 28, OW: 28 };
      const [cols3Ref, backRef] = [new Float32Array(cols3.size), new Float32Array(small.size)];
      referenceKernels.im2col(small.data, cols3Ref, g3, 0);
      assert.deepEqual(two[10], Array.from(cols3Ref), 'im2col of 3×3 windows on two threads');
      referenceKernels.col2im(cols3Ref, backRef, g3);
      two[11]!.forEach((v, i) => assert.ok(Math.abs(v - backRef[i]!) <= 1e-5 * (1 + Math.abs(backRef[i]!)), `col2im of 3×3 windows on two threads, entry ${i}`));
      const sparseRef = new Float32Array(2000 * 50);
      referenceKernels.matmul(sparseA.data, b.data, sparseRef, 2000, 50, 784, false, false, bias.data);
      two[12]!.forEach((v, i) => assert.ok(Math.abs(v - sparseRef[i]!) < 1e-3, `sparse A on two threads, entry ${i}`));
      assert.deepEqual(two[14], Array.from(a.matmul(b, { bias }).reshape(7, 43, 50).permute(0, 2, 1).data), 'a blocked product on two threads');
    } finally {
      setThreads(before);
    }
  });
});

describe('a closed thread pool', () => {
  it('leaves kernels kept from before a setThreads working, on one thread with the same results, instead of waiting for helpers that are gone', () => {
    // in a child process with a time limit: waiting for a helper that is gone blocks the thread (Atomics.wait),
    // which no test timeout in this process could interrupt
    const index = new URL('../../src/index.js', import.meta.url).href;
    const script = `
      const { setThreads, getBackend, Tensor, Rng } = await import(${JSON.stringify(index)});
      setThreads(2);
      const old = getBackend();
      setThreads(1); // closes the pool the old kernels split large products across
      const rng = new Rng(41);
      const a = Tensor.randn([301, 784], rng).data, b = Tensor.randn([784, 50], rng).data;
      const fromOld = old.matmul(a, b, null, 301, 50, 784, false, false); // 11.8 million multiply-adds: above the split threshold
      const now = getBackend().matmul(a, b, null, 301, 50, 784, false, false);
      console.log(fromOld.every((v, i) => Object.is(v, now[i])) ? 'same' : 'different');
      process.exit(0);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SCRATCHNET_BACKEND: 'wasm' } });
    assert.equal(run.signal, null, `the old kernels did not return within 30 s (${run.stderr})`);
    assert.equal(run.stdout.trim(), 'same', run.stderr);
  });

  it('starts its helpers under `node --input-type=module -e` too (they failed on require there, and the first split product waited forever)', () => {
    const index = new URL('../../src/index.js', import.meta.url).href;
    const script = `
      const { setThreads, Tensor, Rng } = await import(${JSON.stringify(index)});
      setThreads(2);
      const rng = new Rng(42);
      const a = Tensor.randn([1000, 784], rng), b = Tensor.randn([784, 100], rng);
      const two = a.matmul(b).data; // 78 million multiply-adds: split across the two threads
      setThreads(1);
      const one = a.matmul(b).data;
      console.log(two.every((v, i) => Object.is(v, one[i])) ? 'same' : 'different');
      process.exit(0);`;
    for (const argv of [['--input-type=module'], ['--input-type', 'module']]) {
      const run = spawnSync(process.execPath, [...argv, '-e', script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SCRATCHNET_BACKEND: 'wasm' } });
      assert.equal(run.signal, null, `${argv.join(' ')}: the split product did not return within 30 s (${run.stderr})`);
      assert.equal(run.stdout.trim(), 'same', `${argv.join(' ')}: ${run.stderr}`);
    }
  });
});
