import { takeLabels, takeRows } from '../data/batches.js';
import { ValueError } from '../errors/index.js';
import type { LossName } from '../models/loss.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import type { Split } from './trainer.js';

/** The stream of a run's seed that draws its validation split (0 draws batches, 1 dropout masks). */
const VALIDATION_STREAM = 2;

/** The class of each sample for stratifying, or null when the labels are not single classes (numbers, several yes/no columns). */
function strata(labels: Split['labels'], n: number, loss: LossName): ArrayLike<number> | null {
  if (loss === 'mean-squared-error') return null;
  if (labels instanceof Tensor) {
    const k = labels.size / n;
    if (loss === 'softmax-cross-entropy') return labels.reshape(n, k).argmax(1);
    return k === 1 ? labels.data : null;
  }
  return labels as ArrayLike<number>;
}

/**
 * Holds back a fraction of the training split for validation, drawn from the run's seed (so a
 * resumed run holds back the same samples). For a classifier the split is stratified: the samples
 * are ordered class by class (in a seeded random order within each class) and every (1/fraction)-th
 * is taken, so each class gives its share, give or take one. Both parts keep the data's order.
 *
 * @example
 * ```ts
 * import { Tensor, splitValidation } from 'scratchnet';
 * const data = { images: Tensor.zeros([10, 2]), labels: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1] };
 * const { train, validation } = splitValidation(data, 0.2, 0, 'softmax-cross-entropy');
 * validation.labels; // [0, 1]: one of each class
 * ```
 */
export function splitValidation(data: Split, fraction: number, seed: number, loss: LossName): { train: Split; validation: Split } {
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) throw new ValueError(`train: validation must be a fraction between 0 and 1 (e.g. 0.2) or data { images, labels }, got ${JSON.stringify(fraction)}`);
  const n = data.images.shape[0]!;
  const held = Math.max(1, Math.round(fraction * n));
  if (held >= n) throw new ValueError(`train: validation ${fraction} of ${n} samples holds back ${held} and leaves none to train on; give more data or a smaller fraction`);
  const order = Rng.derive(seed, VALIDATION_STREAM).permutation(n);
  const classes = strata(data.labels, n, loss);
  // a stable sort by class keeps the random order within each class
  const sorted = classes === null ? Array.from(order) : Array.from(order).sort((a, b) => classes[a]! - classes[b]!);
  const isHeld = new Uint8Array(n);
  // every (n/held)-th position of the class-ordered list: exactly `held` samples, each class its share
  for (let i = 0; i < n; i++) if (Math.floor(((i + 1) * held) / n) > Math.floor((i * held) / n)) isHeld[sorted[i]!] = 1;
  const pick = (want: number) => Int32Array.from({ length: n }, (_, i) => i).filter((i) => isHeld[i] === want);
  const part = (idx: Int32Array): Split => ({ images: takeRows(data.images, idx), labels: takeLabels(data.labels, idx) });
  return { train: part(pick(0)), validation: part(pick(1)) };
}
