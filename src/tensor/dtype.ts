import type { FloatArray } from '../backend/kernels.js';
import { DTypeError, ValueError } from '../errors/index.js';

/** The floating-point element types, the ones a Tensor computes with. float32 is the default. */
export type DType = 'float32' | 'float64';

/** Every element type a Tensor can hold: the float dtypes, and int32 for token ids and labels (no arithmetic). */
export type TensorDType = DType | 'int32';

/** The storage of a tensor of dtype D: Int32Array for int32, Float32Array or Float64Array otherwise. */
export type DataOf<D extends TensorDType> = D extends 'int32' ? Int32Array : FloatArray;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** A new zero-filled buffer of `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** A new zero-filled buffer of `n` elements of any tensor dtype. */
export function allocateAny(dtype: TensorDType, n: number): FloatArray | Int32Array {
  return dtype === 'int32' ? new Int32Array(n) : allocate(dtype, n);
}

export function dtypeOf(data: FloatArray | Int32Array): TensorDType {
  return data instanceof Float64Array ? 'float64' : data instanceof Int32Array ? 'int32' : 'float32';
}

/** Throws unless `dtype` names a float dtype (int32 tensors are made only where ids are meant). */
export function checkDType(dtype: unknown, where: string): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  if (dtype === 'int32') throw new DTypeError(`${where}: int32 holds ids and labels, not numbers to compute with; use 'float32' or 'float64' here`);
  throw new DTypeError(`${where}: unknown dtype ${JSON.stringify(dtype)}; expected 'float32' or 'float64'`);
}

/** Throws unless `dtype` names any tensor dtype. */
export function checkTensorDType(dtype: unknown, where: string): TensorDType {
  if (dtype === 'int32') return dtype;
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new DTypeError(`${where}: unknown dtype ${JSON.stringify(dtype)}; expected 'float32', 'float64' or 'int32'`);
}

/** True for a tensor of ids; float arithmetic on one is refused. */
export function isInt(t: { readonly dtype: string }): boolean {
  return t.dtype === 'int32';
}

/** Throws a DTypeError naming `op` for int32 (id) tensors: their values are names of things, not quantities. */
export function checkFloat(op: string, t: { readonly dtype: string }): void {
  if (t.dtype === 'int32') {
    throw new DTypeError(`${op}: not defined for int32 tensors, which hold ids and labels; convert with .astype('float32') if the values are numbers`);
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Copies numbers into int32 storage, refusing fractions and values outside the int32 range (never rounded or wrapped). */
export function toInt32(where: string, flat: ArrayLike<number>): Int32Array {
  const out = new Int32Array(flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new ValueError(`${where}: int32 holds whole numbers from ${INT32_MIN} to ${INT32_MAX}; value ${i} is ${v}`);
    }
    out[i] = v;
  }
  return out;
}
