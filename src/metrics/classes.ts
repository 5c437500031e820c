import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { Target } from '../layers/targets.js';
import { targetRows } from '../layers/targets.js';
import type { LossName } from '../models/loss.js';
import { labelIndices } from '../models/model.js';
import type { Tensor } from '../tensor/tensor.js';

/** Each decision a classifier made and the right answer, as class indices, for the metrics. */
export interface ClassDecisions {
  readonly predicted: Int32Array;
  readonly actual: Int32Array;
  /** How many classes a decision chooses from: C for softmax, 2 (no, yes) for a sigmoid column. */
  readonly classes: number;
  /** Decisions per sample: 1 for softmax, one per yes/no column for sigmoid (laid out sample by sample). */
  readonly columns: number;
}

/** The error for asking a regression model for classes. */
export function regressionHasNoClasses(where: string): ValueError {
  return new ValueError(`${where}: the model does regression (loss 'mean-squared-error'); classes, accuracy and confusion matrices are for classifiers; use evaluate(model, data) for mse, mae and r2`);
}

/**
 * The decisions in scores (N, outputs) for a classification loss: the arg-max class for softmax;
 * for sigmoid, yes (1) where σ(x) > 0.5, that is x > 0, in every column. Targets are class indices
 * or one-hot rows (softmax), 0 or 1 per column (sigmoid).
 *
 * @example
 * ```ts
 * import { Tensor, classDecisions } from 'scratchnet';
 * classDecisions(Tensor.from([[2, -1], [0.5, 3]]), [0, 0], 'softmax-cross-entropy').predicted; // [0, 1]
 * classDecisions(Tensor.from([[2], [-1]]), [1, 1], 'sigmoid-cross-entropy').predicted;         // [1, 0]
 * ```
 */
export function classDecisions(scores: Tensor, t: Target, loss: LossName, where = 'metrics'): ClassDecisions {
  if (loss === 'mean-squared-error') throw regressionHasNoClasses(where);
  if (scores.ndim !== 2) throw new ShapeError(`${where}: expected scores of shape [N, outputs], got ${fmtShape(scores.shape)}`);
  const [n, k] = scores.shape as [number, number];
  if (loss === 'softmax-cross-entropy') {
    const labels = labelIndices(t, n, where);
    const actual = Int32Array.from(labels);
    actual.forEach((c, i) => {
      if (!(Number.isInteger(labels[i]) && c >= 0 && c < k)) throw new ValueError(`${where}: label ${i} is ${labels[i]}, outside the ${k} classes 0 .. ${k - 1}`);
    });
    return { predicted: scores.argmax(1), actual, classes: k, columns: 1 };
  }
  const rows = targetRows(where, scores, t, (v) => (v === 0 || v === 1 ? null : 'yes/no labels for the metrics are 0 or 1'));
  const predicted = new Int32Array(n * k);
  for (let i = 0; i < n * k; i++) predicted[i] = scores.data[i]! > 0 ? 1 : 0;
  return { predicted, actual: Int32Array.from(rows.data), classes: 2, columns: k };
}
