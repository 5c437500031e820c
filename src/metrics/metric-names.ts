import { ValueError } from '../errors/index.js';
import type { Task } from '../models/loss.js';
import type { Evaluation } from './evaluate.js';

/** The metrics a training run can follow each epoch (and early stopping can watch). */
export const METRIC_NAMES = ['loss', 'accuracy', 'precision', 'recall', 'f1', 'mse', 'mae', 'r2'] as const;
/** One of {@link METRIC_NAMES}. */
export type MetricName = (typeof METRIC_NAMES)[number];
/** Metric values by name, e.g. `{ loss: 0.31, accuracy: 0.92 }`. */
export type Scores = Readonly<Partial<Record<MetricName, number>>>;

const FOR_TASK: Readonly<Record<Task, readonly MetricName[]>> = {
  classification: ['loss', 'accuracy', 'precision', 'recall', 'f1'],
  regression: ['loss', 'mse', 'mae', 'r2'],
};

/** Whether a larger value of the metric is better (accuracy, R²) or a smaller one (loss, errors). */
export function higherIsBetter(metric: MetricName): boolean {
  return metric === 'accuracy' || metric === 'precision' || metric === 'recall' || metric === 'f1' || metric === 'r2';
}

/** Throws a ValueError unless every name is a metric of the task. */
export function checkMetrics(where: string, metrics: unknown, task: Task): readonly MetricName[] {
  if (!Array.isArray(metrics)) throw new ValueError(`${where}: metrics must be a list such as ['${FOR_TASK[task][1]}'], got ${JSON.stringify(metrics)}`);
  for (const m of metrics) {
    if (!FOR_TASK[task].includes(m as MetricName)) throw new ValueError(`${where}: ${JSON.stringify(m)} is not a ${task} metric; use ${FOR_TASK[task].join(', ')}`);
  }
  return metrics as MetricName[];
}

/**
 * The named figures of an evaluation as single numbers: precision, recall and F1 are class 1's (yes)
 * when there are two classes or one yes/no column, and the mean over classes (or over the yes/no
 * columns) otherwise.
 *
 * @example
 * ```ts
 * import { pickScores } from 'scratchnet';
 * pickScores({ task: 'regression', n: 3, loss: 0.5, mse: 1, mae: 0.8, r2: 0.9 }, ['loss', 'r2']); // { loss: 0.5, r2: 0.9 }
 * ```
 */
export function pickScores(e: Evaluation, metrics: readonly MetricName[]): Scores {
  const out: Partial<Record<MetricName, number>> = {};
  for (const m of metrics) {
    if (m === 'loss') out.loss = e.loss;
    else if (e.task === 'regression') {
      if (m !== 'mse' && m !== 'mae' && m !== 'r2') throw new ValueError(`pickScores: ${m} is not a regression metric`);
      out[m] = e[m];
    } else if (m === 'accuracy') out.accuracy = e.accuracy;
    else if (m === 'precision' || m === 'recall' || m === 'f1') {
      const yesNo = e.confusion.length === 2 && e.labels === undefined;
      const per = e.labels === undefined ? e[m] : e.labels.map((l) => l[m][1]!);
      out[m] = yesNo ? e[m][1]! : per.reduce((a, b) => a + b, 0) / per.length;
    } else throw new ValueError(`pickScores: ${m} is not a classification metric`);
  }
  return out;
}
