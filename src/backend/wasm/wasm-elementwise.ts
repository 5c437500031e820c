import type { BinaryOp, ConvGeometry, FloatArray, Kernels, ReduceOp, UnaryOp } from '../kernels.js';
import { referenceKernels as ref } from '../reference/index.js';
import { resultEntry, throughWasm, type Staging } from './staging.js';

/** The element-wise exports of the module (src/backend/wasm/assembly/elementwise.ts, im2col.ts). */
export interface ElementwiseExports {
  binaryRows(op: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, out: number, rows: number, cols: number): void;
  unary(op: number, a: number, out: number, n: number): void;
  reduceSum(a: number, out: number, outer: number, len: number, inner: number, acc: number): void;
  reduceMax(a: number, out: number, outer: number, len: number, inner: number): void;
  axpy(alpha: number, x: number, y: number, n: number): void;
  allFinite(a: number, len: number): number;
  logSoftmax(a: number, out: number, rows: number, cols: number): void;
  maxPool(x: number, out: number, argmax: number, n: number, c: number, h: number, w: number, fh: number, fw: number, stride: number, pad: number, oh: number, ow: number): void;
  maxPoolBackward(dout: number, argmax: number, out: number, n: number, outLen: number): void;
}

/** The op codes of the module, in the order its switches use. */
export const BINARY: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, greater: 6, onlyWherePositive: 7 };
export const UNARY: Record<UnaryOp, number> = { neg: 0, exp: 1, log: 2, sqrt: 3, abs: 4, square: 5, reciprocal: 6, relu: 7, sigmoid: 8, tanh: 9 };

/** Arrays shorter than this stay in TypeScript: the call and the copies would cost more than the loop. */
export const WASM_MIN_ELEMENTS = 256;

const f32 = (...xs: FloatArray[]): boolean => xs.every((x) => x instanceof Float32Array);
/** A result destination the WebAssembly kernels can fill: none yet (they make it), or a Float32Array. */
export const f32Out = (out: FloatArray | null): out is Float32Array | null => out === null || out instanceof Float32Array;

/**
 * The strided (shape, aStrides, bStrides) of a binary op as a 2-D (rows × cols) sweep with column
 * strides of 0 or 1, merging dimensions that are laid out one after the other; null when the layout
 * does not fit (e.g. a per-channel broadcast over NCHW), which then runs on the reference.
 */
export function asRows(shape: readonly number[], aS: readonly number[], bS: readonly number[]): [number, number, number, number, number, number] | null {
  const dims: [number, number, number][] = [];
  shape.forEach((n, d) => {
    if (n !== 1) dims.push([n, aS[d]!, bS[d]!]);
  });
  for (let d = dims.length - 2; d >= 0; d--) {
    const [n, as, bs] = dims[d]!;
    const [m, as1, bs1] = dims[d + 1]!;
    if (as === as1 * m && bs === bs1 * m) dims.splice(d, 2, [n * m, as1, bs1]);
  }
  while (dims.length < 2) dims.unshift([1, 0, 0]);
  if (dims.length > 2) return null;
  const [[rows, ars, brs], [cols, acs, bcs]] = dims as [[number, number, number], [number, number, number]];
  if ((acs !== 0 && acs !== 1) || (bcs !== 0 && bcs !== 1)) return null;
  return [rows, cols, ars, acs, brs, bcs];
}

export function createWasmElementwise(ex: ElementwiseExports, st: Staging): Partial<Kernels> {
  return {
    binary(op, a, aStrides, b, bStrides, out, shape) {
      const n = shape.reduce((p, d) => p * d, 1);
      const rows = n >= WASM_MIN_ELEMENTS && f32(a, b) && f32Out(out) ? asRows(shape, aStrides, bStrides) : null;
      if (rows === null) return ref.binary(op, a, aStrides, b, bStrides, out, shape);
      const [r, c, ars, acs, brs, bcs] = rows;
      const [made] = st.call([[a as Float32Array, 'in'], [b as Float32Array, 'in'], resultEntry(out as Float32Array | null, n)], ([pa, pb, po]) =>
        ex.binaryRows(BINARY[op], pa!, ars, acs, pb!, brs, bcs, po!, r, c),
      );
      return out ?? made!;
    },

    binaryScalar(op, a, s, out, scalarFirst) {
      if (a.length < WASM_MIN_ELEMENTS || !f32(a) || !f32Out(out)) return ref.binaryScalar(op, a, s, out, scalarFirst);
      const sv = Float32Array.of(s);
      const [made] = st.call([[a as Float32Array, 'in'], [sv, 'in'], resultEntry(out as Float32Array | null, a.length)], ([pa, ps, po]) =>
        scalarFirst ? ex.binaryRows(BINARY[op], ps!, 0, 0, pa!, 0, 1, po!, 1, a.length) : ex.binaryRows(BINARY[op], pa!, 0, 1, ps!, 0, 0, po!, 1, a.length),
      );
      return out ?? made!;
    },

    unary(op, a, out) {
      if (a.length < WASM_MIN_ELEMENTS || !f32(a) || !f32Out(out)) return ref.unary(op, a, out);
      return throughWasm(st, a as Float32Array, out as Float32Array | null, a.length, (pa, po) => ex.unary(UNARY[op], pa, po, a.length));
    },

    reduce(op: ReduceOp, a, out, outer, len, inner) {
      if (a.length < WASM_MIN_ELEMENTS || !f32(a) || !f32Out(out) || len === 0) return ref.reduce(op, a, out, outer, len, inner);
      // reduceSum's scratch: `inner` float64 sums (zeroed by the kernel)
      const [made] = st.call([[a as Float32Array, 'in'], resultEntry(out as Float32Array | null, outer * inner), [op === 'sum' ? inner * 2 : 0, 'scratch']], ([pa, po, pacc]) =>
        op === 'sum' ? ex.reduceSum(pa!, po!, outer, len, inner, pacc!) : ex.reduceMax(pa!, po!, outer, len, inner),
      );
      return out ?? made!;
    },

    logSoftmax(a, out, rows, cols) {
      if (a.length < WASM_MIN_ELEMENTS || !f32(a) || !f32Out(out)) return ref.logSoftmax(a, out, rows, cols);
      return throughWasm(st, a as Float32Array, out as Float32Array | null, a.length, (pa, po) => ex.logSoftmax(pa, po, rows, cols));
    },

    allFinite(a) {
      if (a.length < WASM_MIN_ELEMENTS || !f32(a)) return ref.allFinite(a);
      let finite = false;
      st.call([[a as Float32Array, 'in']], ([pa]) => (finite = ex.allFinite(pa!, a.length) !== 0));
      return finite;
    },

    axpy(alpha, x, y) {
      if (y.length < WASM_MIN_ELEMENTS || !f32(x, y)) return ref.axpy(alpha, x, y);
      st.call([[x as Float32Array, 'in'], [y as Float32Array, 'inout']], ([px, py]) => ex.axpy(alpha, px!, py!, y.length));
    },

    maxPool(x, out, argmax, g: ConvGeometry) {
      if (!f32(x, out)) return ref.maxPool(x, out, argmax, g);
      st.call([[x as Float32Array, 'in'], [out as Float32Array, 'out'], [argmax, 'out']], ([px, po, pi]) =>
        ex.maxPool(px!, po!, pi!, g.N, g.C, g.H, g.W, g.FH, g.FW, g.stride, g.pad, g.OH, g.OW),
      );
    },

    maxPoolBackward(dout, argmax, out, outLength) {
      if (!f32(dout) || !f32Out(out)) return ref.maxPoolBackward(dout, argmax, out, outLength);
      const [made] = st.call([[dout as Float32Array, 'in'], [argmax, 'in'], resultEntry(out as Float32Array | null, outLength)], ([pd, pi, po]) =>
        ex.maxPoolBackward(pd!, pi!, po!, dout.length, outLength),
      );
      return out ?? made!;
    },
  };
}
