import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { takeRows } from '../data/batches.js';
import type { Model } from '../models/model.js';
import { Tensor } from '../tensor/tensor.js';
import type { Split, TrainData } from './trainer.js';

/** One split against the model: as many labels as samples, the model's input shape, labels that fit its outputs. */
function checkSplit(model: Model, split: Split, name: string): void {
  const { images, labels } = split;
  const n = images.shape[0];
  if (n === undefined) throw new ShapeError(`train: the ${name} images need a batch axis, got shape ${fmtShape(images.shape)}`);
  if (n === 0) throw new ValueError(`train: the ${name} split is empty`);
  const count = labels instanceof Tensor ? labels.shape[0] : labels.length;
  if (count !== n) throw new ShapeError(`train: ${n} ${name} samples but ${count} labels; give one label per sample`);
  const sample = images.shape.slice(1);
  if (sample.join() !== model.inputShape.join()) {
    const hint = model.inputShape.length === 1 && sample.length > 1 ? '; flatten the images (loadMnist({ flatten: true }))' : model.inputShape.length > 1 && sample.length === 1 ? '; give images as (N, C, H, W) (loadMnist({ flatten: false }))' : '';
    throw new ShapeError(`train: the model takes samples of shape ${fmtShape(model.inputShape)}, the ${name} images are ${fmtShape(sample)} each${hint}`);
  }
  // the scores of one sample tell how many classes the model can name (evaluation mode: nothing is drawn or updated)
  const classes = model.predict(takeRows(images, [0]), { train: false }).shape.at(-1)!;
  if (labels instanceof Tensor) {
    if (labels.shape.at(-1) !== classes) throw new ShapeError(`train: the model gives ${classes} scores per sample, but the ${name} labels are one-hot rows of ${labels.shape.at(-1)}; give the last layer ${labels.shape.at(-1)} units`);
    return;
  }
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`train: ${name} label ${i} is ${v}; labels are class indices 0, 1, 2, ...`);
    if (v > max) max = v;
  }
  if (max >= classes) throw new ShapeError(`train: the model gives ${classes} scores per sample, but the ${name} labels go up to ${max} (${max + 1} classes); give the last layer ${max + 1} units`);
}

/** Checks training (and test) data against the model before the first step, so a mismatch never waits for a batch or an evaluation. */
export function checkTrainData(model: Model, data: TrainData): void {
  checkSplit(model, data.train, 'training');
  if (data.test !== undefined) checkSplit(model, data.test, 'test');
}
