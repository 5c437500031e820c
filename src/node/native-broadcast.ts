import type { Kernels } from '../backend/kernels.js';
import { WASM_MIN_ELEMENTS, asRows } from '../backend/wasm/wasm-elementwise.js';
import { resultArray } from './native-call.js';

/**
 * Element-wise operations whose broadcast is not a single (rows × cols) sweep, such as the attention
 * layers' (N, T, H) ⊙ (N, 1, H): each index of the first axis is one sweep, handed to `binary` on
 * views of the operands (no copies), instead of the reference's loop over every element. The same
 * bits as the reference: each value is one IEEE operation either way.
 */
export function byOuterRows(binary: Kernels['binary']): Pick<Kernels, 'binary'> {
  return {
    binary(op, a, aStrides, b, bStrides, out, shape) {
      const n = shape.reduce((p, d) => p * d, 1);
      const outer = shape[0] ?? 1;
      const inner = n / outer;
      const sweep = shape.length === 3 && n >= WASM_MIN_ELEMENTS && inner >= WASM_MIN_ELEMENTS && outer > 1 && a instanceof Float32Array && b instanceof Float32Array && (out === null || out instanceof Float32Array);
      if (!sweep || asRows(shape, aStrides, bStrides) !== null || asRows(shape.slice(1), aStrides.slice(1), bStrides.slice(1)) === null) return binary(op, a, aStrides, b, bStrides, out, shape);
      const o = (out as Float32Array | null) ?? resultArray(n);
      const [as0, bs0] = [aStrides[0]!, bStrides[0]!];
      const aLen = reach(shape, aStrides), bLen = reach(shape, bStrides);
      for (let i = 0; i < outer; i++) {
        const av = a.subarray(i * as0, i * as0 + aLen), bv = b.subarray(i * bs0, i * bs0 + bLen);
        binary(op, av, aStrides.slice(1), bv, bStrides.slice(1), o.subarray(i * inner, (i + 1) * inner), shape.slice(1));
      }
      return o;
    },
  };
}

/** How many values one index of the first axis reads: 1 + Σ (dᵢ − 1)·strideᵢ over the other axes. */
function reach(shape: readonly number[], strides: readonly number[]): number {
  let r = 1;
  for (let d = 1; d < shape.length; d++) r += (shape[d]! - 1) * strides[d]!;
  return r;
}
