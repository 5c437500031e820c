import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BinaryOp, UnaryOp } from '../../src/backend/kernels.js';
import { asRows } from '../../src/backend/wasm/wasm-elementwise.js';
import { Rng, loadWasmKernels, referenceKernels as ref } from '../../src/index.js';

// The WebAssembly element-wise kernels against the TypeScript reference (the oracle): odd lengths (not
// multiples of the vector width), lengths below and above the size where the wasm path starts, and the
// special values (NaN, ±∞, ±0).

const wasm = loadWasmKernels()!;
const rng = new Rng(31);
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e30, -1e30, 88.8, -104, 1e-40];

/** Random normals with a sprinkling of special values. */
function data(n: number, special = true): Float32Array {
  const a = Float32Array.from({ length: n }, () => 3 * rng.normal());
  if (special) for (let i = 0; i < n; i += 17) a[i] = SPECIAL[(i / 17) % SPECIAL.length]!;
  return a;
}

/**
 * Equal (NaN equals NaN, 0 equals −0), or within `rel` of the reference, or within `abs(i)` (for sums
 * that cancel: the error scales with the terms, not with the result).
 */
function agree(fast: ArrayLike<number>, slow: ArrayLike<number>, what: string, rel = 0, abs: (i: number) => number = () => 0): void {
  assert.equal(fast.length, slow.length);
  for (let i = 0; i < slow.length; i++) {
    const [f, s] = [fast[i]!, slow[i]!];
    const ok = f === s || (f !== f && s !== s) || Math.abs(f - s) <= rel * Math.abs(s) || Math.abs(f - s) <= abs(i);
    assert.ok(ok, `${what}: entry ${i} is ${f}, the reference ${s}`);
  }
}

const contiguous = (shape: readonly number[]) => shape.map((_, d) => shape.slice(d + 1).reduce((x, y) => x * y, 1));
const LENGTHS = [1, 7, 255, 256, 257, 1003];

describe('WebAssembly element-wise kernels', () => {
  it('asRows merges contiguous dimensions and refuses layouts it cannot sweep', () => {
    assert.deepEqual(asRows([4, 5, 6], [30, 6, 1], [30, 6, 1]), [1, 120, 0, 1, 0, 1]);
    assert.deepEqual(asRows([100, 50], [50, 1], [0, 1]), [100, 50, 50, 1, 0, 1]); // bias add
    assert.deepEqual(asRows([100, 10], [10, 1], [1, 0]), [100, 10, 10, 1, 1, 0]); // minus a row max
    assert.equal(asRows([2, 3, 4, 5], [60, 20, 5, 1], [0, 1, 0, 0]), null); // per-channel NCHW
  });

  it('binary agrees exactly for every op, same shapes and broadcasts', () => {
    const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'greater', 'onlyWherePositive'];
    const cases: [number[], number[], number[]][] = [
      ...LENGTHS.map((n): [number[], number[], number[]] => [[n], [1], [1]]),
      [[100, 50], [50, 1], [0, 1]], // + bias
      [[100, 13], [0, 1], [13, 1]], // bias + x
      [[300, 10], [10, 1], [1, 0]], // x − row max (keepdims)
      [[7, 9, 11], [99, 11, 1], [99, 11, 1]],
      [[2, 3, 8, 8], [192, 64, 8, 1], [0, 1, 0, 0]], // per channel: reference path
    ];
    for (const [shape, aS, bS] of cases) {
      const size = shape.reduce((x, y) => x * y, 1);
      const span = (s: number[]) => 1 + shape.reduce((acc, n, d) => acc + (n - 1) * s[d]!, 0);
      const [a, b] = [data(span(aS.length === 1 ? [1] : aS)), data(span(bS.length === 1 ? [1] : bS))];
      const [as, bs] = shape.length === 1 ? [[1], [1]] : [aS, bS];
      for (const op of ops) {
        const [fast, slow] = [new Float32Array(size), new Float32Array(size)];
        wasm.binary(op, a, as, b, bs, fast, shape);
        ref.binary(op, a, as, b, bs, slow, shape);
        agree(fast, slow, `${op} ${JSON.stringify(shape)}`);
      }
    }
    assert.deepEqual(contiguous([2, 3]), [3, 1]);
  });

  it('binaryScalar agrees (the scalar is rounded to float32 first: within 1e-6)', () => {
    for (const n of LENGTHS)
      for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'greater', 'onlyWherePositive'] as BinaryOp[])
        for (const first of [false, true]) {
          const a = data(n);
          const [fast, slow] = [new Float32Array(n), new Float32Array(n)];
          wasm.binaryScalar(op, a, 0.1, fast, first);
          ref.binaryScalar(op, a, 0.1, slow, first);
          agree(fast, slow, `${op} scalar n=${n}`, 1e-6, (i) => 1e-7 * (Math.abs(a[i]!) + 0.1));
        }
  });

  it('unary agrees: exactly for the exact ops, within 2e-7 relative for exp, log, sigmoid, tanh', () => {
    const exact: UnaryOp[] = ['neg', 'sqrt', 'abs', 'square', 'reciprocal', 'relu'];
    for (const op of [...exact, 'exp', 'log', 'sigmoid', 'tanh'] as UnaryOp[])
      for (const n of LENGTHS) {
        const a = data(n);
        const [fast, slow] = [new Float32Array(n), new Float32Array(n)];
        wasm.unary(op, a, fast);
        ref.unary(op, a, slow);
        agree(fast, slow, `${op} n=${n}`, exact.includes(op) ? 0 : 2e-7);
        if (op === 'sigmoid') assert.ok(fast.every((v, i) => a[i] !== a[i] || (v >= 0 && v <= 1)), 'sigmoid stays in [0, 1] for extreme inputs');
        const inPlace = a.slice();
        wasm.unary(op, inPlace, inPlace);
        agree(inPlace, fast, `${op} in place`);
      }
  });

  it('logSoftmax agrees within 2e-7 relative (float64 sums and logs on both sides), NaN rows included', () => {
    for (const [rows, cols] of [[1, 1], [100, 10], [3, 7], [2, 1003], [300, 3]] as const) {
      const a = data(rows * cols, false);
      if (rows === 3) a[8] = NaN;
      const [fast, slow] = [new Float32Array(a.length), new Float32Array(a.length)];
      wasm.logSoftmax(a, fast, rows, cols);
      ref.logSoftmax(a, slow, rows, cols);
      agree(fast, slow, `logSoftmax ${rows}×${cols}`, 2e-7, () => 1e-7);
    }
  });

  it('reduce (sum in float64, max with NaN) agrees exactly over every axis layout', () => {
    for (const [outer, len, inner] of [[1, 300, 1], [100, 10, 1], [1, 100, 50], [3, 77, 5], [2, 1, 300], [4, 257, 3]] as const)
      for (const op of ['sum', 'max'] as const) {
        const a = data(outer * len * inner, op === 'max');
        const [fast, slow] = [new Float32Array(outer * inner), new Float32Array(outer * inner)];
        wasm.reduce(op, a, fast, outer, len, inner);
        ref.reduce(op, a, slow, outer, len, inner);
        agree(fast, slow, `${op} (${outer}, ${len}, ${inner})`);
      }
  });

  it('maxPool and its backward agree exactly (values, argmax, routed gradients), with padding and windows of padding alone', () => {
    for (const [N, C, H, W, F, stride, pad] of [[2, 3, 24, 24, 2, 2, 0], [1, 2, 7, 9, 3, 2, 1], [3, 1, 5, 5, 2, 1, 1], [1, 2, 5, 5, 2, 2, 2], [2, 3, 10, 14, 2, 2, 0]] as const) {
      const [OH, OW] = [(H + 2 * pad - F) / stride + 1, (W + 2 * pad - F) / stride + 1].map(Math.floor) as [number, number];
      const g = { N, C, H, W, FH: F, FW: F, stride, pad, OH, OW };
      const x = data(N * C * H * W);
      const n = N * C * OH * OW;
      const [fast, slow, fi, si] = [new Float32Array(n), new Float32Array(n), new Int32Array(n), new Int32Array(n)];
      wasm.maxPool(x, fast, fi, g);
      ref.maxPool(x, slow, si, g);
      agree(fast, slow, 'maxPool');
      assert.deepEqual(fi, si);
      const dout = data(n, false);
      const [dFast, dSlow] = [new Float32Array(x.length).fill(NaN), new Float32Array(x.length)];
      wasm.maxPoolBackward(dout, si, dFast, dFast.length);
      ref.maxPoolBackward(dout, si, dSlow, dSlow.length);
      agree(dFast, dSlow, 'maxPoolBackward');
    }
  });

  it('axpy and the optimizer steps agree within float32 rounding (1e-5 relative) over two steps', () => {
    for (const n of LENGTHS) {
      const fresh = () => data(n, false);
      const grads = [fresh(), fresh()];
      const runs: [string, (k: typeof ref, s: Float32Array[], g: Float32Array) => void, number][] = [
        ['axpy', (k, [p], g) => k.axpy(-0.1, g, p!), 1],
        ['momentum', (k, [p, v], g) => k.momentumStep(p!, g, v!, 0.01, 0.9), 2],
        ['nesterov', (k, [p, v], g) => k.nesterovStep(p!, g, v!, 0.01, 0.9), 2],
        ['rmsprop', (k, [p, h], g) => k.rmspropStep(p!, g, h!, 0.01, 0.99, 0.01, 1e-7), 2],
        ['adagrad', (k, [p, h], g) => k.rmspropStep(p!, g, h!, 0.01, 1, 1, 1e-7), 2],
        ['adam', (k, [p, m, v], g) => k.adamStep(p!, g, m!, v!, 0.001, 0.9, 0.999, 1e-7), 3],
      ];
      for (const [name, step, buffers] of runs) {
        const start = [fresh(), ...Array.from({ length: buffers - 1 }, () => new Float32Array(n))];
        const fast = start.map((b) => b.slice());
        const slow = start.map((b) => b.slice());
        for (const g of grads) {
          step(wasm, fast, g);
          step(ref, slow, g);
        }
        // terms of the size of the inputs cancel: allow 1e-5 of the largest input magnitude too
        const scale = Math.max(...start[0]!.map(Math.abs), ...grads.flatMap((g) => [...g].map(Math.abs)));
        fast.forEach((b, i) => agree(b, slow[i]!, `${name} n=${n} buffer ${i}`, 1e-5, () => 1e-6 * scale));
      }
    }
  });

  it('allFinite finds a NaN or ±∞ at every position of the 16-wide loop and its tail, as the reference does', () => {
    for (const n of [255, 256, 257, 271, 272, 1000]) {
      const clean = Float32Array.from({ length: n }, () => 1e37 * rng.normal()); // large but below float32's 3.4e38
      clean[0] = -0;
      clean[1] = 1e-45;
      assert.equal(wasm.allFinite(clean), true, `n=${n}, all finite`);
      for (const bad of [NaN, Infinity, -Infinity])
        for (const at of [0, 1, 15, 16, n - 17, n - 16, n - 2, n - 1]) {
          const a = clean.slice();
          a[at] = bad;
          assert.equal(wasm.allFinite(a), false, `n=${n}: ${bad} at ${at}`);
          assert.equal(ref.allFinite(a), false, `reference, n=${n}: ${bad} at ${at}`);
        }
    }
  });
});
