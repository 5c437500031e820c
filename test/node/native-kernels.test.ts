import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, referenceKernels as ref, type BinaryOp, type ConvGeometry, type FloatArray, type Kernels, type UnaryOp } from '../../src/index.js';
import { firstBitDifference, isas, nativeKernels, skipUnlessNative, wasmTwin } from './native-helpers.js';

const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'greater', 'onlyWherePositive'];
const UNARY: UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'square', 'reciprocal', 'relu', 'sigmoid', 'tanh'];
const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40, 3.4e38, -3.4e38, 1, -1, 88.72, -103.97, 0.5, 1e-30];

/** float32 values: normal ones of a random scale (up to e^±12), with a share of the special values above. */
function values(rng: Rng, n: number, special = 0.05): Float32Array {
  const scale = Math.exp(rng.uniform(-3, 4));
  return Float32Array.from({ length: n }, () => (rng.uniform() < special ? SPECIAL[rng.int(SPECIAL.length)]! : rng.normal() * scale));
}

/** Same bits (NaN payloads aside), naming the case and the first entry that differs. */
function sameBits(got: FloatArray, want: FloatArray, label: string): void {
  const at = firstBitDifference(got as Float32Array, want as Float32Array);
  assert.equal(at, -1, `${label}: entry ${at} is ${got[at]}, the twin gives ${want[at]}`);
}

/** |got − want| ≤ rtol·|want| + atol, NaN where NaN, ±∞ where ±∞; −0 and +0 count as equal (the reference's maximum orders them differently). */
function near(got: FloatArray, want: FloatArray, rtol: number, label: string, atol = 0): void {
  assert.equal(got.length, want.length, `${label}: length`);
  for (let i = 0; i < got.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) continue;
    assert.ok(Math.abs(g - w) <= rtol * Math.abs(w) + atol, `${label}: entry ${i} is ${g}, the reference ${w}`);
  }
}

/** A random broadcast: an output shape of rank 1–4 and, for each operand, strides with 0 where it is broadcast. */
function broadcast(rng: Rng): { shape: number[]; strides: [number[], number[]]; sizes: [number, number] } {
  const shape = Array.from({ length: 1 + rng.int(4) }, () => 1 + rng.int(rng.uniform() < 0.3 ? 40 : 9));
  const operand = (): [number[], number] => {
    const own = shape.map((d) => (rng.uniform() < 0.25 ? 1 : d));
    const strides = own.map(() => 0);
    let s = 1;
    for (let d = own.length - 1; d >= 0; d--) {
      strides[d] = own[d] === 1 ? 0 : s;
      s *= own[d]!;
    }
    return [strides, s];
  };
  const [[as, na], [bs, nb]] = [operand(), operand()];
  return { shape, strides: [as, bs], sizes: [na, nb] };
}

function geometry(rng: Rng): ConvGeometry {
  const [N, C, H, W] = [1 + rng.int(3), 1 + rng.int(4), 1 + rng.int(14), 1 + rng.int(14)];
  const pad = rng.int(3);
  const [FH, FW] = [1 + rng.int(Math.min(6, H + 2 * pad)), 1 + rng.int(Math.min(6, W + 2 * pad))];
  const stride = 1 + rng.int(3);
  return { N, C, H, W, FH, FW, stride, pad, OH: Math.floor((H + 2 * pad - FH) / stride) + 1, OW: Math.floor((W + 2 * pad - FW) / stride) + 1 };
}

/** Runs `body` for each instruction set with its native kernels and their WebAssembly twin. */
function eachIsa(body: (fast: Kernels, twin: Kernels, isa: string) => void): void {
  for (const isa of isas()) body(nativeKernels(isa), wasmTwin(isa), isa);
}

describe('native kernels on random shapes: the bits of their WebAssembly twin, and the reference within rounding', { skip: skipUnlessNative() }, () => {
  it('binary ops with random broadcasting, and with a scalar on either side', () => {
    const rng = new Rng(31);
    eachIsa((fast, twin, isa) => {
      for (let t = 0; t < 160; t++) {
        const op = BINARY[t % BINARY.length]!;
        const { shape, strides, sizes } = broadcast(rng);
        const [a, b] = [values(rng, sizes[0]), values(rng, sizes[1])];
        const label = `${isa} ${op} ${JSON.stringify(shape)} ${JSON.stringify(strides)}`;
        const got = fast.binary(op, a, strides[0], b, strides[1], null, shape);
        sameBits(got, twin.binary(op, a, strides[0], b, strides[1], null, shape), label);
        near(got, ref.binary(op, a, strides[0], b, strides[1], null, shape), 1e-7, label);
        const s = rng.uniform() < 0.2 ? SPECIAL[rng.int(SPECIAL.length)]! : rng.normal();
        const first = rng.uniform() < 0.5;
        sameBits(fast.binaryScalar(op, a, s, null, first), twin.binaryScalar(op, a, s, null, first), `${label} scalar ${s} first=${first}`);
      }
    });
  });

  it('unary ops over wide ranges and special values (exp, log, sigmoid and tanh as the WebAssembly kernels compute them)', () => {
    const rng = new Rng(32);
    eachIsa((fast, twin, isa) => {
      for (const op of UNARY)
        for (let t = 0; t < 6; t++) {
          const a = values(rng, 200 + rng.int(3000), 0.1);
          const label = `${isa} ${op}`;
          const got = fast.unary(op, a, null);
          sameBits(got, twin.unary(op, a, null), label);
          near(got, Float32Array.from(ref.unary(op, Float64Array.from(a), null)), 3e-7, label, op === 'tanh' || op === 'sigmoid' ? 1e-7 : 2e-45);
          const inPlace = a.slice();
          fast.unary(op, inPlace, inPlace);
          sameBits(inPlace, got, `${label} in place`);
        }
    });
  });

  it('reductions (sum in float64, max with NaN), argmax, log-softmax, allFinite and axpy', () => {
    const rng = new Rng(33);
    eachIsa((fast, twin, isa) => {
      for (let t = 0; t < 60; t++) {
        const [outer, len, inner] = [1 + rng.int(9), 1 + rng.int(60), 1 + rng.int(t % 3 === 0 ? 1 : 45)];
        const a = values(rng, outer * len * inner, t % 4 === 0 ? 0.05 : 0);
        const label = `${isa} (${outer}, ${len}, ${inner})`;
        for (const op of ['sum', 'max'] as const) {
          const got = fast.reduce(op, a, null, outer, len, inner);
          sameBits(got, twin.reduce(op, a, null, outer, len, inner), `${label} ${op}`);
          near(got, ref.reduce(op, a, null, outer, len, inner), 0, `${label} ${op}`);
        }
        const [mine, theirs] = [new Int32Array(outer * inner), new Int32Array(outer * inner)];
        fast.argmax(a, mine, outer, len, inner);
        ref.argmax(a, theirs, outer, len, inner);
        assert.deepEqual(mine, theirs, `${label} argmax`);
        const got = fast.logSoftmax(a, null, outer * len, inner);
        sameBits(got, twin.logSoftmax(a, null, outer * len, inner), `${label} logSoftmax`);
        near(got, ref.logSoftmax(a, null, outer * len, inner), 1e-6, `${label} logSoftmax`, 1e-6);
        const y = values(rng, a.length, 0);
        const [y1, y2] = [y.slice(), y.slice()];
        const alpha = rng.normal();
        fast.axpy(alpha, a, y1);
        twin.axpy(alpha, a, y2);
        sameBits(y1, y2, `${label} axpy`);
      }
      for (const n of [256, 257, 1000, 4099]) {
        const clean = values(rng, n, 0);
        assert.equal(fast.allFinite(clean), true, `${isa} allFinite of ${n} finite values`);
        for (const bad of [NaN, Infinity, -Infinity])
          for (let at = 0; at < n; at += 1 + rng.int(97)) {
            const a = clean.slice();
            a[at] = bad;
            assert.equal(fast.allFinite(a), false, `${isa} allFinite with ${bad} at ${at} of ${n}`);
          }
      }
    });
  });

  it('im2col and col2im on random geometries, with padding, strides and a pad value', () => {
    const rng = new Rng(34);
    eachIsa((fast, twin, isa) => {
      for (let t = 0; t < 120; t++) {
        const g = geometry(rng);
        const x = values(rng, g.N * g.C * g.H * g.W, 0.02);
        const padValue = t % 3 === 0 ? -Infinity : 0;
        const label = `${isa} ${JSON.stringify(g)}`;
        const cols = fast.im2col(x, null, g, padValue);
        sameBits(cols, twin.im2col(x, null, g, padValue), `${label} im2col`);
        sameBits(cols, ref.im2col(x, null, g, padValue), `${label} im2col (reference)`);
        const back = fast.col2im(cols.map((v) => (Number.isFinite(v) ? v : 1)), null, g);
        sameBits(back, twin.col2im(cols.map((v) => (Number.isFinite(v) ? v : 1)), null, g), `${label} col2im`);
        near(back, ref.col2im(cols.map((v) => (Number.isFinite(v) ? v : 1)), null, g), 1e-6, `${label} col2im`, 1e-6);
        // columns of independent values, so that the order in which a pixel's terms are added shows in its bits
        const free = values(rng, cols.length, 0).map((v) => (Number.isFinite(v) ? v : 0.5));
        sameBits(fast.col2im(free, null, g), twin.col2im(free, null, g), `${label} col2im of independent columns`);
      }
    });
  });

  it('max pooling and its backward on random geometries, NaN and ties included', () => {
    const rng = new Rng(35);
    eachIsa((fast, twin, isa) => {
      for (let t = 0; t < 120; t++) {
        const g = t % 4 === 0 ? { ...geometry(rng), FH: 2, FW: 2, stride: 2, pad: 0, H: 2 * (1 + rng.int(8)), W: 2 * (1 + rng.int(40)) } : geometry(rng);
        const geo = { ...g, OH: Math.floor((g.H + 2 * g.pad - g.FH) / g.stride) + 1, OW: Math.floor((g.W + 2 * g.pad - g.FW) / g.stride) + 1 };
        const x = values(rng, geo.N * geo.C * geo.H * geo.W, 0.05).map((v) => (t % 5 === 0 ? Math.round(v) : v)); // rounded: many ties
        const n = geo.N * geo.C * geo.OH * geo.OW;
        const [o1, o2, o3] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
        const [i1, i2, i3] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
        const label = `${isa} ${JSON.stringify(geo)}`;
        fast.maxPool(x, o1, i1, geo);
        twin.maxPool(x, o2, i2, geo);
        ref.maxPool(x, o3, i3, geo);
        sameBits(o1, o2, `${label} maxPool`);
        assert.deepEqual(i1, i2, `${label} argmax`);
        assert.deepEqual(i1, i3, `${label} argmax (reference)`);
        const dout = values(rng, n, 0);
        const size = geo.N * geo.C * geo.H * geo.W;
        sameBits(fast.maxPoolBackward(dout, i1, null, size), twin.maxPoolBackward(dout, i1, null, size), `${label} backward`);
      }
    });
  });

  it('optimizer steps over lengths with every tail, in place on the parameter and its state', () => {
    const rng = new Rng(36);
    eachIsa((fast, twin, isa) => {
      for (let t = 0; t < 40; t++) {
        const n = [256, 257, 258, 259, 271, 300, 1000, 4097][t % 8]!;
        const p0 = values(rng, n, 0), g = values(rng, n, 0.01);
        const s0 = values(rng, n, 0).map(Math.abs), s1 = values(rng, n, 0).map((v) => v * v);
        const [lr, a, b] = [rng.uniform(1e-4, 0.5), rng.uniform(0.5, 0.999), rng.uniform(0.9, 0.9999)];
        const runs = [fast, twin].map((k) => {
          const [p, u, v] = [p0.slice(), s0.slice(), s1.slice()];
          for (let s = 0; s < 3; s++) {
            if (t % 4 === 0) k.momentumStep(p, g, u, lr, a);
            else if (t % 4 === 1) k.nesterovStep(p, g, u, lr, a);
            else if (t % 4 === 2) k.rmspropStep(p, g, v, lr, a, 1 - a, 1e-7);
            else k.adamStep(p, g, u, v, lr, a, b, 1e-7);
          }
          return [p, u, v];
        });
        runs[0]!.forEach((x, i) => sameBits(x, runs[1]![i]!, `${isa} optimizer ${t % 4} n=${n} array ${i}`));
      }
    });
  });

  it('im2col, col2im, large element-wise calls and transposes split across threads with the same bits', () => {
    const rng = new Rng(37);
    const isa = isas()[0]!;
    const [one, two] = [nativeKernels(isa, 1), nativeKernels(isa, 2)];
    const g: ConvGeometry = { N: 8, C: 3, H: 40, W: 40, FH: 5, FW: 5, stride: 1, pad: 2, OH: 40, OW: 40 };
    const x = values(rng, g.N * g.C * g.H * g.W, 0);
    const cols = one.im2col(x, null, g, 0);
    sameBits(two.im2col(x, null, g, 0), cols, 'im2col on two threads');
    sameBits(two.col2im(cols, null, g), one.col2im(cols, null, g), 'col2im on two threads');
    const [three] = [nativeKernels(isa, 3, 0)];
    const big = values(rng, 300_001, 0.01), other = values(rng, 300_001, 0.01), row = values(rng, 1001, 0);
    for (const k of [two, three]) {
      sameBits(k.unary('tanh', big, null), one.unary('tanh', big, null), `${k.name} unary`);
      sameBits(k.binary('onlyWherePositive', big, [1], other, [1], null, [300_001]), one.binary('onlyWherePositive', big, [1], other, [1], null, [300_001]), `${k.name} binary, one row`);
      const [aS, bS, shape] = [[1001, 1], [0, 1], [299, 1001]];
      sameBits(k.binary('mul', big.subarray(0, 299 * 1001), aS, row, bS, null, shape), one.binary('mul', big.subarray(0, 299 * 1001), aS, row, bS, null, shape), `${k.name} binary, rows`);
      sameBits(k.transposeBatched(big.subarray(0, 300_000), null, 100, 50, 60), one.transposeBatched(big.subarray(0, 300_000), null, 100, 50, 60), `${k.name} transpose`);
    }
  });
});
