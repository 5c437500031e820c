import { ValueError } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * The book's numerical gradient by central difference:
 * ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, with h = 1e−4.
 *
 * `f` is evaluated with one entry of `x` nudged at a time, so `x` must be the
 * very tensor `f` reads (for a model, a parameter). Each entry is restored to
 * its exact original value afterwards; run it in float64 for checks.
 *
 * @example
 * ```ts
 * import { Tensor, numericalGradient } from 'scratchnet';
 * const x = Tensor.from([3, 4], { dtype: 'float64' });
 * const g = numericalGradient(() => x.square().sum().item(), x); // ≈ [6, 8]
 * ```
 */
export function numericalGradient(f: (x: Tensor) => number, x: Tensor, h = 1e-4): Tensor {
  if (typeof f !== 'function') throw new ValueError(`numericalGradient: f must be a function returning a number, got ${typeof f}`);
  if (!(x instanceof Tensor)) throw new ValueError('numericalGradient: x must be a Tensor');
  if (!(h > 0)) throw new ValueError(`numericalGradient: h must be positive, got ${h}`);
  const grad = Tensor.zeros(x.shape, { dtype: x.dtype });
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const original = d[i]!;
    d[i] = original + h;
    const fPlus = f(x);
    d[i] = original - h;
    const fMinus = f(x);
    d[i] = original;
    if (typeof fPlus !== 'number' || typeof fMinus !== 'number') {
      throw new ValueError(`numericalGradient: f must return a number, got ${typeof fPlus}`);
    }
    grad.data[i] = (fPlus - fMinus) / (2 * h);
  }
  return grad;
}
