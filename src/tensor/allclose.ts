import { ShapeError, fmtShape } from '../errors/index.js';
import { Tensor } from './tensor.js';

export interface CloseOptions {
  /** Relative tolerance (default 1e-5). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  readonly atol?: number;
}

/**
 * numpy's allclose: |a − b| ≤ atol + rtol·|b| for every element, same shapes
 * required (dtypes may differ). NaNs are never close.
 *
 * @example
 * ```ts
 * import { Tensor, allclose } from 'scratchnet';
 * allclose(Tensor.from([1, 2]), Tensor.from([1, 2.000001])); // true
 * ```
 */
export function allclose(a: Tensor | ArrayLike<number>, b: Tensor | ArrayLike<number>, options: CloseOptions = {}): boolean {
  const { rtol = 1e-5, atol = 1e-8 } = options;
  const [x, y] = [a instanceof Tensor ? a.data : a, b instanceof Tensor ? b.data : b];
  if (a instanceof Tensor && b instanceof Tensor) {
    const same = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
    if (!same) throw new ShapeError(`allclose: shapes differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  } else if (x.length !== y.length) {
    throw new ShapeError(`allclose: lengths differ: ${x.length} and ${y.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (u === v) continue; // equal infinities
    if (!(Math.abs(u - v) <= atol + rtol * Math.abs(v))) return false;
  }
  return true;
}
