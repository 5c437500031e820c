import type { Kernels, ReduceOp } from '../backend/kernels.js';
import { referenceKernels as ref } from '../backend/reference/index.js';
import { BINARY, UNARY, WASM_MIN_ELEMENTS, asRows } from '../backend/wasm/wasm-elementwise.js';
import { call, f32, f32Out, resultArray } from './native-call.js';
import type { NativeAddon } from './native-loader.js';

/**
 * The element-wise kernels, reductions, log-softmax, argmax and pooling on the native module, each on
 * the caller's arrays in place. Calls the WebAssembly backend hands to the reference (fewer than
 * WASM_MIN_ELEMENTS values, layouts that are not rows) go there too, and a scalar operand is rounded to
 * float32 first as it is there, so both backends give the same bits. `select` switches the module to
 * these kernels' configuration.
 */
export function createNativeElementwise(addon: NativeAddon, select: () => void): Partial<Kernels> {
  const small = (n: number): boolean => n < WASM_MIN_ELEMENTS;
  return {
    binary(op, a, aStrides, b, bStrides, out, shape) {
      const n = shape.reduce((p, d) => p * d, 1);
      const rows = !small(n) && f32(a) && f32(b) && f32Out(out) ? asRows(shape, aStrides, bStrides) : null;
      if (rows === null) return ref.binary(op, a, aStrides, b, bStrides, out, shape);
      const [r, c, ars, acs, brs, bcs] = rows;
      const o = (out as Float32Array | null) ?? resultArray(n);
      select();
      call(() => addon.binaryRows(BINARY[op], a as Float32Array, ars, acs, b as Float32Array, brs, bcs, o, r, c));
      return o;
    },

    binaryScalar(op, a, s, out, scalarFirst) {
      if (small(a.length) || !f32(a) || !f32Out(out)) return ref.binaryScalar(op, a, s, out, scalarFirst);
      const sv = Float32Array.of(s);
      const o = out ?? resultArray(a.length);
      select();
      const x = a as Float32Array;
      call(() => (scalarFirst ? addon.binaryRows(BINARY[op], sv, 0, 0, x, 0, 1, o, 1, x.length) : addon.binaryRows(BINARY[op], x, 0, 1, sv, 0, 0, o, 1, x.length)));
      return o;
    },

    unary(op, a, out) {
      if (small(a.length) || !f32(a) || !f32Out(out)) return ref.unary(op, a, out);
      const o = out ?? resultArray(a.length);
      select();
      call(() => addon.unary(UNARY[op], a, o));
      return o;
    },

    reduce(op: ReduceOp, a, out, outer, len, inner) {
      if (small(a.length) || !f32(a) || !f32Out(out) || len === 0) return ref.reduce(op, a, out, outer, len, inner);
      const o = out ?? resultArray(outer * inner);
      select();
      call(() => (op === 'sum' ? addon.reduceSum(a, o, outer, len, inner) : addon.reduceMax(a, o, outer, len, inner)));
      return o;
    },

    argmax(a, out, outer, len, inner) {
      if (!f32(a) || len === 0) return ref.argmax(a, out, outer, len, inner);
      select();
      call(() => addon.argmax(a, out, outer, len, inner));
    },

    logSoftmax(a, out, rows, cols) {
      if (small(a.length) || !f32(a) || !f32Out(out)) return ref.logSoftmax(a, out, rows, cols);
      const o = out ?? resultArray(a.length);
      select();
      call(() => addon.logSoftmax(a, o, rows, cols));
      return o;
    },

    allFinite(a) {
      if (small(a.length) || !f32(a)) return ref.allFinite(a);
      select();
      return call(() => addon.allFinite(a));
    },

    axpy(alpha, x, y) {
      if (small(y.length) || !f32(x) || !f32(y)) return ref.axpy(alpha, x, y);
      select();
      call(() => addon.axpy(alpha, x, y));
    },

    im2col(x, out, g, padValue) {
      if (!f32(x) || !f32Out(out)) return ref.im2col(x, out, g, padValue);
      const o = out ?? resultArray(g.N * g.OH * g.OW * g.C * g.FH * g.FW);
      select();
      call(() => addon.im2col(x, o, g.N, g.C, g.H, g.W, g.FH, g.FW, g.stride, g.pad, g.OH, g.OW, padValue));
      return o;
    },

    col2im(col, out, g) {
      if (!f32(col) || !f32Out(out)) return ref.col2im(col, out, g);
      const o = out ?? resultArray(g.N * g.C * g.H * g.W);
      select();
      call(() => addon.col2im(col, o, g.N, g.C, g.H, g.W, g.FH, g.FW, g.stride, g.pad, g.OH, g.OW));
      return o;
    },

    maxPool(x, out, argmax, g) {
      if (!f32(x) || !f32(out)) return ref.maxPool(x, out, argmax, g);
      select();
      call(() => addon.maxPool(x, out, argmax, g.N, g.C, g.H, g.W, g.FH, g.FW, g.stride, g.pad, g.OH, g.OW));
    },

    maxPoolBackward(dout, argmax, out, outLength) {
      if (!f32(dout) || !f32Out(out)) return ref.maxPoolBackward(dout, argmax, out, outLength);
      const o = out ?? resultArray(outLength);
      select();
      call(() => addon.maxPoolBackward(dout, argmax, o, outLength));
      return o;
    },
  };
}
