import { ValueError } from '../errors/index.js';
import { softmax } from '../layers/functions.js';
import { classDecisions } from '../metrics/classes.js';
import { confusionMatrix } from '../metrics/confusion-matrix.js';
import { taskOf } from '../models/loss.js';
import type { Model } from '../models/model.js';
import { predictInBatches } from '../models/predict-batches.js';
import { Tensor } from '../tensor/tensor.js';
import type { Split } from '../train/train-types.js';
import { takeLabels } from '../data/batches.js';
import { activationHistograms, type ActivationHistogram } from './activations.js';
import { firstLayerWeights, type WeightTiles } from './first-layer-weights.js';

/** A sample the model got wrong. */
export interface Misclassified {
  /** Its index in the split. */
  readonly index: number;
  readonly predicted: number;
  readonly actual: number;
  /** The probability the model gave its (wrong) answer. */
  readonly probability: number;
}

/** What {@link inspectModel} shows of a model on some labelled samples. */
export interface Inspection {
  /** Samples used for the confusion matrix and the misclassified ones. */
  readonly n: number;
  /** Each activation layer's output distribution on the first `histogramSamples` samples. */
  readonly histograms: readonly ActivationHistogram[];
  /** The first layer's weights as images; null when its inputs are not images. */
  readonly weights: WeightTiles | null;
  /** Rows: the true class, columns: the class given; null for regression. */
  readonly confusion: readonly (readonly number[])[] | null;
  /** The first samples it got wrong, in order (a softmax classifier's; empty otherwise). */
  readonly misclassified: readonly Misclassified[];
}

/** Options of {@link inspectModel}. */
export interface InspectOptions {
  /** Use the first N samples of the split (default all). */
  readonly samples?: number;
  /** Samples for the activation histograms (default 200). */
  readonly histogramSamples?: number;
  /** Bins of each histogram (default 30, as the book). */
  readonly bins?: number;
  /** How many misclassified samples to list (default 24). */
  readonly misclassified?: number;
  /** Samples per forward pass (default 1000 for flat input, 100 for images). */
  readonly batchSize?: number;
}

function count(name: string, v: number | undefined, fallback: number, min = 1): number {
  const x = v ?? fallback;
  if (!Number.isSafeInteger(x) || x < min) throw new ValueError(`inspectModel: ${name} must be an integer ≥ ${min}, got ${x}`);
  return x;
}

const head = (t: Tensor, n: number): Tensor => (n === t.shape[0] ? t : new Tensor(t.data.subarray(0, (t.size / t.shape[0]!) * n), [n, ...t.shape.slice(1)]));

/**
 * A look inside a model on labelled samples, as the book's chapters 6 to 8 look: activation
 * histograms (figure 6-10), the first layer's weights as images (figure 7-24), the confusion
 * matrix, and the misclassified samples (figure 8-4).
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TwoLayerNet, inspectModel } from 'scratchnet';
 * const images = Tensor.uniform([50, 784], new Rng(0));
 * const labels = Int32Array.from({ length: 50 }, (_, i) => i % 10);
 * const look = inspectModel(new TwoLayerNet(784, 20, 10), { images, labels }, { misclassified: 5 });
 * console.log(look.confusion, look.misclassified.length); // a 10×10 matrix, 5
 * ```
 */
export function inspectModel(model: Model, split: Split, options: InspectOptions = {}): Inspection {
  const total = split.images.shape[0] ?? 0;
  if (total === 0) throw new ValueError('inspectModel: no samples');
  const n = Math.min(total, count('samples', options.samples, total));
  const images = head(split.images, n);
  const labels = n === total ? split.labels : takeLabels(split.labels, Array.from({ length: n }, (_, i) => i));
  const histograms = activationHistograms(model, head(images, Math.min(n, count('histogramSamples', options.histogramSamples, 200))), { bins: count('bins', options.bins, 30) });
  let weights: WeightTiles | null;
  try {
    weights = firstLayerWeights(model);
  } catch {
    weights = null; // inputs that are not images have no pictures to show
  }
  if (taskOf(model.lossName) !== 'classification') return { n, histograms, weights, confusion: null, misclassified: [] };
  const scores = predictInBatches(model, images, count('batchSize', options.batchSize, model.inputShape.length > 1 ? 100 : 1000), 'inspectModel');
  const d = classDecisions(scores, labels, model.lossName, 'inspectModel');
  const confusion = confusionMatrix(d.predicted, d.actual, d.classes);
  const wrong: Misclassified[] = [];
  if (model.lossName === 'softmax-cross-entropy') {
    const limit = count('misclassified', options.misclassified, 24, 0);
    for (let i = 0; i < n && wrong.length < limit; i++) {
      if (d.predicted[i] === d.actual[i]) continue;
      const p = softmax(new Tensor(scores.data.subarray(i * d.classes, (i + 1) * d.classes), [1, d.classes])).data[d.predicted[i]!]!;
      wrong.push({ index: i, predicted: d.predicted[i]!, actual: d.actual[i]!, probability: p });
    }
  }
  return { n, histograms, weights, confusion, misclassified: wrong };
}
