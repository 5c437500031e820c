import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { takeRows } from '../data/batches.js';
import { targetRows } from '../layers/targets.js';
import type { Model } from '../models/model.js';
import { Tensor } from '../tensor/tensor.js';
import type { Split } from './trainer.js';

/** One split against the model: as many labels as samples, the model's input shape, labels (or targets) that fit its outputs and loss. */
export function checkSplit(model: Model, split: Split, name: string): void {
  if (split === null || typeof split !== 'object') throw new ValueError(`train: the ${name} split must be { images, labels }, got ${split === null ? 'null' : typeof split}`);
  const { images, labels } = split;
  if (!(images instanceof Tensor)) throw new ValueError(`train: the ${name} images must be a Tensor (N, ...), got ${Array.isArray(images) ? 'an array (wrap it with Tensor.from)' : typeof images}`);
  const n = images.shape[0];
  if (n === undefined) throw new ShapeError(`train: the ${name} images need a batch axis, got shape ${fmtShape(images.shape)}`);
  if (n === 0) throw new ValueError(`train: the ${name} split is empty`);
  if (!(labels instanceof Tensor || Array.isArray(labels) || ArrayBuffer.isView(labels))) {
    throw new ValueError(`train: the ${name} labels must be a list (number[], Int32Array, ...) or a Tensor, got ${labels === null ? 'null' : typeof labels}`);
  }
  const count = labels instanceof Tensor ? labels.shape[0] : (labels as ArrayLike<number>).length;
  if (count !== n) throw new ShapeError(`train: ${n} ${name} samples but ${count} labels; give one label per sample`);
  const sample = images.shape.slice(1);
  if (sample.join() !== model.inputShape.join()) {
    const hint = model.inputShape.length === 1 && sample.length > 1 ? '; flatten the images (loadMnist({ flatten: true }))' : model.inputShape.length > 1 && sample.length === 1 ? '; give images as (N, C, H, W) (loadMnist({ flatten: false }))' : '';
    throw new ShapeError(`train: the model takes samples of shape ${fmtShape(model.inputShape)}, the ${name} images are ${fmtShape(sample)} each${hint}`);
  }
  // the scores of one sample tell how many outputs the model has (evaluation mode: nothing is drawn or updated)
  const one = model.predict(takeRows(images, [0]), { train: false });
  const outputs = one.shape.at(-1)!;
  if (model.lossName !== 'softmax-cross-entropy') {
    if (labels instanceof Tensor && labels.ndim === 2 && labels.shape[1] !== outputs) {
      throw new ShapeError(`train: the model gives ${outputs} outputs per sample, but the ${name} targets have ${labels.shape[1]} columns; give the last layer ${labels.shape[1]} units`);
    }
    if (labels instanceof Tensor && labels.dtype !== one.dtype) throw new DTypeError(`train: the ${name} targets are ${labels.dtype} but the model is ${one.dtype}; use .astype('${one.dtype}')`);
    const binary = model.lossName === 'sigmoid-cross-entropy';
    targetRows(`train: the ${name} ${binary ? 'labels' : 'targets'}`, Tensor.zeros([n, outputs], { dtype: one.dtype }), labels, (v) => {
      if (binary) return v >= 0 && v <= 1 ? null : 'yes/no labels are 0 or 1';
      return Number.isFinite(v) ? null : 'targets must be finite numbers';
    });
    return;
  }
  const classes = outputs;
  if (labels instanceof Tensor) {
    if (labels.shape.at(-1) !== classes) throw new ShapeError(`train: the model gives ${classes} scores per sample, but the ${name} labels are one-hot rows of ${labels.shape.at(-1)}; give the last layer ${labels.shape.at(-1)} units`);
    return;
  }
  const list = labels as ArrayLike<number>;
  let max = -1;
  for (let i = 0; i < list.length; i++) {
    const v = list[i]!;
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`train: ${name} label ${i} is ${v}; labels are class indices 0, 1, 2, ... (for numbers to predict, build the model with loss 'mean-squared-error')`);
    if (v > max) max = v;
  }
  if (max >= classes) throw new ShapeError(`train: the model gives ${classes} scores per sample, but the ${name} labels go up to ${max} (${max + 1} classes); give the last layer ${max + 1} units`);
}

/** Checks training (and test) data against the model before the first step, so a mismatch never waits for a batch or an evaluation. */
export function checkTrainData(model: Model, data: { readonly train: Split; readonly test?: Split }): void {
  if (data === null || typeof data !== 'object') throw new ValueError(`train: expected data as { train: { images, labels }, test? }, got ${data === null ? 'null' : typeof data}`);
  checkSplit(model, data.train, 'training');
  if (data.test !== undefined) checkSplit(model, data.test, 'test');
}
