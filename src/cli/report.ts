/** How `eval` shows a model's figures: JSON for programs, tables for people. */
import type { Evaluation } from '../metrics/evaluate.js';

/** Most classes shown as a table on a terminal; more go to --json only. */
const MAX_TABLE_CLASSES = 20;
const NAME_WIDTH = 14;

/** A number in a target's units, with about five significant digits. */
export function unitNumber(v: number): string {
  return Math.abs(v) >= 1e5 || Number.isInteger(v) ? v.toFixed(0) : String(Number(v.toPrecision(5)));
}

const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);

/** The evaluation as the last line of --json: the task, n, the metrics, and a classifier's per-class figures and confusion matrix. */
export function evaluationJson(e: Evaluation, classes: readonly string[] | null): Record<string, unknown> {
  if (e.task === 'regression') return { task: 'regression', n: e.n, mse: e.mse, mae: e.mae, r2: e.r2 };
  const names = classes ?? e.support.map((_, i) => String(i));
  return {
    task: 'classification',
    n: e.n,
    accuracy: e.accuracy,
    loss: e.loss,
    classes: names.map((name, c) => ({ class: name, precision: e.precision[c], recall: e.recall[c], f1: e.f1[c], support: e.support[c] })),
    confusion: e.confusion,
  };
}

/** The evaluation as lines for a person: the metrics, then a classifier's confusion matrix and per-class figures as tables. */
export function evaluationLines(e: Evaluation, classes: readonly string[] | null, target: string | null): string[] {
  if (e.task === 'regression') {
    const units = target === null ? '' : ` (errors in the units of ${JSON.stringify(target)})`;
    return [`R² ${e.r2.toFixed(4)}, MAE ${unitNumber(e.mae)}, RMSE ${unitNumber(Math.sqrt(e.mse))}, MSE ${unitNumber(e.mse)}${units}`];
  }
  const names = (classes ?? e.support.map((_, i) => String(i))).map((n) => cut(n, NAME_WIDTH));
  const lines = [`accuracy ${e.accuracy.toFixed(4)}, loss ${Number.isNaN(e.loss) ? 'NaN' : e.loss.toFixed(4)}`];
  if (names.length > MAX_TABLE_CLASSES) return [...lines, `(${names.length} classes: --json gives the confusion matrix and each class's precision and recall)`];
  const first = Math.max(5, ...names.map((n) => n.length));
  const width = Math.max(...names.map((n) => n.length), ...e.confusion.flat().map((v) => String(v).length)) + 2;
  const row = (label: string, cells: readonly string[]) => `${label.padEnd(first)}${cells.map((c) => c.padStart(width)).join('')}`;
  lines.push('', 'confusion matrix (rows: the true class, columns: the class predicted)');
  lines.push(row('', names), ...e.confusion.map((counts, c) => row(names[c]!, counts.map(String))));
  lines.push('', `${'class'.padEnd(first)}  precision  recall      f1  support`);
  names.forEach((n, c) => {
    lines.push(`${n.padEnd(first)}  ${e.precision[c]!.toFixed(4).padStart(9)}  ${e.recall[c]!.toFixed(4).padStart(6)}  ${e.f1[c]!.toFixed(4).padStart(6)}  ${String(e.support[c]).padStart(7)}`);
  });
  return lines;
}
