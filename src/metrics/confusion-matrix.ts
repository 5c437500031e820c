import { ShapeError, ValueError } from '../errors/index.js';

/**
 * The confusion matrix: entry [i][j] counts the samples of true class i given class j, so each row
 * sums to the class's samples and the diagonal holds the right answers (scikit-learn's layout).
 *
 * @example
 * ```ts
 * import { confusionMatrix } from 'scratchnet';
 * confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], 3); // [[1, 0, 0], [0, 1, 0], [0, 1, 1]]
 * ```
 */
export function confusionMatrix(predicted: ArrayLike<number>, actual: ArrayLike<number>, classes: number): number[][] {
  if (!Number.isSafeInteger(classes) || classes < 1) throw new ValueError(`confusionMatrix: classes must be a positive integer, got ${classes}`);
  if (predicted.length !== actual.length) throw new ShapeError(`confusionMatrix: ${predicted.length} predictions for ${actual.length} labels`);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const [a, p] = [actual[i]!, predicted[i]!];
    if (!(Number.isInteger(a) && a >= 0 && a < classes && Number.isInteger(p) && p >= 0 && p < classes)) {
      throw new ValueError(`confusionMatrix: sample ${i} has class ${a} given ${p}, outside 0 .. ${classes - 1}`);
    }
    m[a]![p]!++;
  }
  return m;
}
