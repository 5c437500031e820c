import type { Kernels } from './kernels.js';
import { referenceKernels } from './reference/index.js';

export type { BinaryOp, ConvGeometry, FloatArray, Kernels, ReduceOp, StateArray, StateBuffer, UnaryOp } from './kernels.js';
export { referenceKernels } from './reference/index.js';

let float32Kernels: Kernels = referenceKernels;

/**
 * The kernels for a dtype. float64 always runs on the reference kernels;
 * float32 runs on whatever {@link setBackend} installed (the reference by default).
 */
export function kernelsFor(dtype: 'float32' | 'float64'): Kernels {
  return dtype === 'float64' ? referenceKernels : float32Kernels;
}

/**
 * Install the kernels used for float32 tensors; returns the previous ones.
 *
 * @example
 * ```ts
 * import { setBackend, referenceKernels } from 'scratchnet';
 * const previous = setBackend(referenceKernels);
 * ```
 */
export function setBackend(kernels: Kernels): Kernels {
  const previous = float32Kernels;
  float32Kernels = kernels;
  return previous;
}

/** The kernels currently used for float32 tensors. */
export function getBackend(): Kernels {
  return float32Kernels;
}
