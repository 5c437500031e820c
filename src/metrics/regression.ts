import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { Tensor } from '../tensor/tensor.js';

function check(where: string, y: Tensor, t: Tensor): [number, number] {
  if (y.ndim !== 2 || t.ndim !== 2 || y.shape[0] !== t.shape[0] || y.shape[1] !== t.shape[1]) {
    throw new ShapeError(`${where}: expected predictions and targets of one shape [N, outputs], got ${fmtShape(y.shape)} and ${fmtShape(t.shape)}`);
  }
  if (y.size === 0) throw new ValueError(`${where}: no samples`);
  return [y.shape[0]!, y.shape[1]!];
}

/**
 * The mean of (y − t)² over every sample and output. (IdentityWithLoss's loss is ½·outputs·MSE.)
 *
 * @example
 * ```ts
 * import { Tensor, meanSquaredError } from 'scratchnet';
 * meanSquaredError(Tensor.from([[1], [2]]), Tensor.from([[0], [4]])); // (1 + 4)/2 = 2.5
 * ```
 */
export function meanSquaredError(y: Tensor, t: Tensor): number {
  check('meanSquaredError', y, t);
  let s = 0;
  for (let i = 0; i < y.size; i++) s += (y.data[i]! - t.data[i]!) ** 2;
  return s / y.size;
}

/**
 * The mean of |y − t| over every sample and output, in the targets' units.
 *
 * @example
 * ```ts
 * import { Tensor, meanAbsoluteError } from 'scratchnet';
 * meanAbsoluteError(Tensor.from([[1], [2]]), Tensor.from([[0], [4]])); // (1 + 2)/2 = 1.5
 * ```
 */
export function meanAbsoluteError(y: Tensor, t: Tensor): number {
  check('meanAbsoluteError', y, t);
  let s = 0;
  for (let i = 0; i < y.size; i++) s += Math.abs(y.data[i]! - t.data[i]!);
  return s / y.size;
}

/**
 * The coefficient of determination R² = 1 − Σ(t − y)²/Σ(t − mean t)² of each output, averaged over
 * the outputs: 1 is a perfect fit, 0 is no better than predicting the mean. An output whose targets
 * are all equal scores 1 when predicted exactly and 0 otherwise (scikit-learn's convention).
 *
 * @example
 * ```ts
 * import { Tensor, r2Score } from 'scratchnet';
 * r2Score(Tensor.from([[1], [2], [3]]), Tensor.from([[1], [2], [4]])); // 1 − 1/(14/3) ≈ 0.786
 * ```
 */
export function r2Score(y: Tensor, t: Tensor): number {
  const [n, k] = check('r2Score', y, t);
  let total = 0;
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += t.data[i * k + j]!;
    mean /= n;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      res += (t.data[i * k + j]! - y.data[i * k + j]!) ** 2;
      tot += (t.data[i * k + j]! - mean) ** 2;
    }
    total += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  }
  return total / k;
}
