import { ValueError } from '../errors/index.js';
import type { Target } from '../layers/targets.js';
import { targetRows } from '../layers/targets.js';
import { lossLayer, taskOf } from '../models/loss.js';
import type { Model } from '../models/model.js';
import { predictInBatches } from '../models/predict-batches.js';
import type { Tensor } from '../tensor/tensor.js';
import { accuracy } from './accuracy.js';
import { classDecisions, type ClassDecisions } from './classes.js';
import { confusionMatrix } from './confusion-matrix.js';
import { precisionRecall, type PrecisionRecall } from './precision-recall.js';
import { meanAbsoluteError, meanSquaredError, r2Score } from './regression.js';

/** Samples and what the model should answer for them: class labels, or target numbers for regression. */
export interface LabelledData {
  readonly images: Tensor;
  readonly labels: Target;
}

/** How a classifier did on some decisions: accuracy, the confusion matrix and the per-class figures. */
export interface ClassReport extends PrecisionRecall {
  readonly accuracy: number;
  /** Rows: the true class; columns: the class given (for yes/no labels, class 0 is no and 1 is yes). */
  readonly confusion: readonly (readonly number[])[];
}

/** What {@link evaluate} finds for a classifier. */
export interface ClassificationEvaluation extends ClassReport {
  readonly task: 'classification';
  /** Samples evaluated. */
  readonly n: number;
  /** The output layer's mean loss (without the weight-decay penalty). */
  readonly loss: number;
  /** With several yes/no columns (sigmoid), each column's own report; the figures above pool every column's decisions. */
  readonly labels?: readonly ClassReport[];
}

/** What {@link evaluate} finds for a regression model, in the targets' units. */
export interface RegressionEvaluation {
  readonly task: 'regression';
  readonly n: number;
  /** The output layer's mean loss (½·outputs·MSE, without the weight-decay penalty). */
  readonly loss: number;
  readonly mse: number;
  readonly mae: number;
  readonly r2: number;
}

/** The loss and the task's metrics. */
export type Evaluation = ClassificationEvaluation | RegressionEvaluation;

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Samples per forward pass (default 1000 for flat input, 100 for images). */
  readonly batchSize?: number;
}

function report(d: ClassDecisions, column: number | null): ClassReport {
  const pick = (a: Int32Array) => (column === null ? a : a.filter((_, i) => i % d.columns === column));
  const [predicted, actual] = [pick(d.predicted), pick(d.actual)];
  const confusion = confusionMatrix(predicted, actual, d.classes);
  return { accuracy: accuracy(predicted, actual), confusion, ...precisionRecall(confusion) };
}

/**
 * The model's loss and its task's metrics on labelled data, in eval mode: for a classifier the
 * accuracy, the confusion matrix and each class's precision, recall and F1 (yes/no labels decided at
 * σ(x) > 0.5); for regression the mean squared error, the mean absolute error and R². A model whose
 * outputs hold NaN or ∞ gets a NaN loss.
 *
 * @example
 * ```ts
 * import { Sequential, Tensor, evaluate } from 'scratchnet';
 * const net = new Sequential({ inputShape: [1], layers: [{ type: 'Affine', units: 1 }], loss: 'mean-squared-error' });
 * const result = evaluate(net, { images: Tensor.from([[0], [1], [2]]), labels: [0, 1, 2] });
 * if (result.task === 'regression') console.log(result.mse, result.mae, result.r2);
 * ```
 */
export function evaluate(model: Model, data: LabelledData, options: EvaluateOptions = {}): Evaluation {
  if (data === null || typeof data !== 'object') throw new ValueError(`evaluate: expected data as { images, labels }, got ${data === null ? 'null' : typeof data}`);
  const scores = predictInBatches(model, data.images, options.batchSize ?? (model.inputShape.length > 1 ? 100 : 1000), 'evaluate');
  const n = scores.shape[0]!;
  // a diverged model (NaN or ∞ among its outputs) has no loss, but its answers can still be counted
  const loss = scores.isFinite() ? lossLayer(model.lossName).forward(scores, data.labels) : NaN;
  if (taskOf(model.lossName) === 'regression') {
    const t = targetRows('evaluate', scores, data.labels, () => null);
    return { task: 'regression', n, loss, mse: meanSquaredError(scores, t), mae: meanAbsoluteError(scores, t), r2: r2Score(scores, t) };
  }
  const d = classDecisions(scores, data.labels, model.lossName, 'evaluate');
  const labels = d.columns > 1 ? Array.from({ length: d.columns }, (_, k) => report(d, k)) : undefined;
  return { task: 'classification', n, loss, ...report(d, null), ...(labels ? { labels } : {}) };
}
