import { ShapeError, ValueError } from '../errors/index.js';

/**
 * The fraction of decisions that are right.
 *
 * @example
 * ```ts
 * import { accuracy } from 'scratchnet';
 * accuracy([0, 1, 1, 2], [0, 1, 2, 2]); // 0.75
 * ```
 */
export function accuracy(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (predicted.length !== actual.length) throw new ShapeError(`accuracy: ${predicted.length} predictions for ${actual.length} labels`);
  if (actual.length === 0) throw new ValueError('accuracy: no samples');
  let right = 0;
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) right++;
  return right / actual.length;
}
