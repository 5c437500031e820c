import type { FloatArray, Kernels } from '../kernels.js';
import { axpy, binary, binaryScalar, transposeBatched, unary } from './elementwise.js';
import { col2im, im2col, maxPool, maxPoolBackward } from './im2col.js';
import { matmul } from './matmul.js';
import { adamStep, momentumStep, nesterovStep, rmspropStep } from './optimizers.js';
import { allFinite, argmax, reduce } from './reduce.js';
import { lstmBackward, lstmForward } from './lstm.js';
import { logSoftmax } from './softmax.js';
import { ArrayState, onArrays } from './state.js';

/** `out`, or a new zero-filled array of n values of `like`'s type. */
function given(out: FloatArray | null, like: FloatArray, n: number): FloatArray {
  return out ?? (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n));
}

/** The readable TypeScript kernels: the reference every faster backend is tested against, and the float64 path. */
export const referenceKernels: Kernels = {
  name: 'typescript',
  matmul: (a, b, out, m, n, k, transA, transB, bias, blocks) => {
    const o = given(out, a, m * n);
    if (blocks === undefined) {
      matmul(a, b, o, m, n, k, transA, transB, bias);
      return o;
    }
    // the plain product, then each block of m/blocks rows transposed into out
    const c = given(null, a, m * n);
    matmul(a, b, c, m, n, k, transA, transB, bias);
    transposeBatched(c, o, blocks, m / blocks, n);
    return o;
  },
  binary: (op, a, aStrides, b, bStrides, out, shape) => {
    const o = given(out, a, shape.reduce((p, d) => p * d, 1));
    binary(op, a, aStrides, b, bStrides, o, shape);
    return o;
  },
  binaryScalar: (op, a, s, out, scalarFirst) => {
    const o = given(out, a, a.length);
    binaryScalar(op, a, s, o, scalarFirst);
    return o;
  },
  unary: (op, a, out) => {
    const o = given(out, a, a.length);
    unary(op, a, o);
    return o;
  },
  reduce: (op, a, out, outer, len, inner) => {
    const o = given(out, a, outer * inner);
    reduce(op, a, o, outer, len, inner);
    return o;
  },
  argmax,
  allFinite,
  axpy,
  transposeBatched: (a, out, batch, rows, cols) => {
    const o = given(out, a, batch * rows * cols);
    transposeBatched(a, o, batch, rows, cols);
    return o;
  },
  im2col: (x, out, g, padValue) => {
    const o = given(out, x, g.N * g.OH * g.OW * g.C * g.FH * g.FW);
    im2col(x, o, g, padValue);
    return o;
  },
  col2im: (col, out, g) => {
    const o = given(out, col, g.N * g.C * g.H * g.W);
    col2im(col, o, g);
    return o;
  },
  maxPool,
  maxPoolBackward: (dout, argmax, out, outLength) => {
    const o = given(out, dout, outLength);
    maxPoolBackward(dout, argmax, o);
    return o;
  },
  logSoftmax: (a, out, rows, cols) => {
    const o = given(out, a, rows * cols);
    logSoftmax(a, o, rows, cols);
    return o;
  },
  lstmForward,
  lstmBackward,
  newState: (dtype, n) => new ArrayState(dtype === 'float64' ? new Float64Array(n) : new Float32Array(n)),
  momentumStep: (p, g, v, lr, alpha) => onArrays([v], ([va]) => momentumStep(p, g, va!, lr, alpha)),
  nesterovStep: (p, g, v, lr, alpha) => onArrays([v], ([va]) => nesterovStep(p, g, va!, lr, alpha)),
  rmspropStep: (p, g, h, lr, rho, gain, eps) => onArrays([h], ([ha]) => rmspropStep(p, g, ha!, lr, rho, gain, eps)),
  adamStep: (p, g, m, v, lrT, beta1, beta2, eps) => onArrays([m, v], ([ma, va]) => adamStep(p, g, ma!, va!, lrT, beta1, beta2, eps)),
};
