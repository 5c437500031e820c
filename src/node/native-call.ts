import type { FloatArray } from '../backend/kernels.js';
import { DTypeError, ShapeError, ValueError } from '../errors/index.js';

/** The module's errors (a `code` naming the kind) as scratchnet's typed errors. */
export function typedError(e: unknown): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  const message = `native ${(e as Error).message}`;
  if (code === 'SCRATCHNET_DTYPE') return new DTypeError(message);
  if (code === 'SCRATCHNET_SHAPE') return new ShapeError(message);
  if (code === 'SCRATCHNET_VALUE') return new ValueError(message);
  return e;
}

/** Runs a native call, turning its errors into typed ones. */
export function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw typedError(e);
  }
}

export const f32 = (x: FloatArray | null | undefined): x is Float32Array => x instanceof Float32Array;
/** A destination the native kernels can fill: none yet (a new array is made), or a Float32Array. */
export const f32Out = (out: FloatArray | null): out is Float32Array | null => out === null || out instanceof Float32Array;

/**
 * A result array for a kernel that writes every value of it: above a few KB, memory that is not zeroed
 * first (Buffer.allocUnsafeSlow, a fresh ArrayBuffer of its own). Zero-filling each new result took
 * 7% of a W1 training step's cycles (perf), for values overwritten at once.
 */
export function resultArray(n: number): Float32Array {
  if (n < 1024) return new Float32Array(n);
  const bytes = Buffer.allocUnsafeSlow(n * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, n);
}
