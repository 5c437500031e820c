import type { FloatArray } from '../backend/kernels.js';
import { DTypeError } from '../errors/index.js';

/** The element types a Tensor can hold. float32 is the default. */
export type DType = 'float32' | 'float64';

export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** A new zero-filled buffer of `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

/** Throws unless `dtype` names a supported dtype. */
export function checkDType(dtype: unknown, where: string): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new DTypeError(`${where}: unknown dtype ${JSON.stringify(dtype)}; expected 'float32' or 'float64'`);
}
