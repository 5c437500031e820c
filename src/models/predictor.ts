/**
 * A model with its preprocessing: raw rows, arrays or image files in, answers in
 * the user's own class names or the target's units out. Model files keep both
 * (saveModel / loadPredictor), so a model trained on a table answers new rows of
 * that table from the file alone. (Not in models/index.ts: it reads images, and
 * the image decoders are npm packages a page must bundle.)
 */
import { FileFormatError, ScratchnetError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { imageInput } from '../data/image-folder.js';
import { preprocessingFromMetadata } from '../data/preprocessing/metadata.js';
import { modelFromContent } from '../formats/model-bytes.js';
import { decodeSafetensors } from '../formats/safetensors.js';
import type { Preprocessing, PreprocessingInput } from '../data/preprocessing/preprocessing.js';
import { tableFromRecords, type Table } from '../data/table.js';
import { evaluate, type Evaluation } from '../metrics/evaluate.js';
import { meanAbsoluteError, meanSquaredError, r2Score } from '../metrics/regression.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { taskOf, type Task } from './loss.js';
import type { Model } from './model.js';
import { predictInBatches } from './predict-batches.js';

/** One class and how likely the model finds it. */
export interface ClassChance {
  readonly class: string;
  readonly probability: number;
}

/** A classifier's answer for one sample: the most likely class, and the `top` few with their probabilities. */
export interface ClassAnswer {
  readonly class: string;
  readonly probability: number;
  readonly top: readonly ClassChance[];
}

/** A regression model's answer for one sample, in the target's units: `value` is the first (often the only) output. */
export interface ValueAnswer {
  readonly value: number;
  readonly values: readonly number[];
}

/** What {@link Predictor.predict} gives for each sample. */
export type Answer = ClassAnswer | ValueAnswer;

/** Options of {@link Predictor.predict}. */
export interface PredictOptions {
  /** How many classes each answer lists (default 3). */
  readonly top?: number;
  readonly batchSize?: number;
  /** Columns of a table that are neither features nor the target: an error naming them (default), or 'ignore' them (an id column, say). */
  readonly extraColumns?: 'error' | 'ignore';
}

/** Rows without the target column: answers need only the inputs, and a target left empty is no error. */
function withoutTarget(data: PreprocessingInput, prep: Preprocessing): PreprocessingInput {
  const target = prep.toJSON().target?.name;
  if (data instanceof Tensor || target === undefined) return data;
  const table = Array.isArray(data) ? tableFromRecords(data) : (data as Table);
  const c = table.columns.indexOf(target);
  if (c < 0) return table;
  return { ...table, columns: table.columns.filter((_, i) => i !== c), rows: table.rows.map((row) => row.filter((_, i) => i !== c)) };
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * A model and the preprocessing it was trained with. `predict` takes what the
 * preprocessing was fitted on (rows of a table, a Tensor of raw samples) and
 * `predictImages` image files; both give class names with probabilities, or
 * numbers in the target's units. Without a preprocessing (a model trained on
 * MNIST) the inputs go to the model as they are and the classes are "0", "1", ...
 *
 * @example
 * ```ts
 * import { Adam, Predictor, Preprocessing, Sequential, csvData, modelFileBytes, predictorFromSafetensors, train } from 'scratchnet';
 * const d = csvData('area,city,price\n100,Lyon,200\n50,Paris,110\n80,Lyon,170\n60,Paris,140\n', { target: 'price' });
 * const prep = Preprocessing.fit(d.table, { target: 'price' });
 * const { x, y } = prep.transform(d.table);
 * const net = new Sequential({ inputShape: prep.inputShape, layers: [{ type: 'Affine', units: 1 }], loss: 'mean-squared-error' });
 * train(net, { train: { images: x, labels: y! } }, { optimizer: new Adam(0.1), epochs: 200 });
 * const bytes = modelFileBytes(new Predictor(net, prep));              // the model file keeps the preprocessing
 * const again = predictorFromSafetensors(bytes);
 * console.log(again.predict([{ area: 90, city: 'Lyon' }]));             // [{ value: 185.0..., values: [185.0...] }]: in the table's units
 * ```
 */
export class Predictor {
  /** 'classification' or 'regression', from the model's loss. */
  readonly task: Task;
  private readonly dtype: DType;
  private readonly outputs: number;

  constructor(
    readonly model: Model,
    readonly preprocessing: Preprocessing | null = null,
  ) {
    this.task = taskOf(model.lossName);
    this.dtype = Object.values(model.params)[0]?.dtype ?? 'float32';
    // one forward pass of a zero sample tells the model's outputs, whatever its kind
    this.outputs = model.predict(Tensor.zeros([1, ...model.inputShape], { dtype: this.dtype })).size;
    if (preprocessing === null) return;
    if (!sameShape(preprocessing.inputShape, model.inputShape)) {
      throw new ShapeError(`Predictor: the preprocessing makes samples of shape ${fmtShape(preprocessing.inputShape)}, the model takes ${fmtShape(model.inputShape)}`);
    }
    if (preprocessing.task !== null && preprocessing.task !== this.task) throw new ValueError(`Predictor: the preprocessing's target is for ${preprocessing.task}, the model (loss '${model.lossName}') does ${this.task}`);
    const want = preprocessing.outputs;
    const yesNo = model.lossName === 'sigmoid-cross-entropy' && this.outputs === 1 && want === 2;
    if (want !== null && want !== this.outputs && !yesNo) {
      throw new ShapeError(`Predictor: the preprocessing's target needs ${want} output${want === 1 ? '' : 's'}${preprocessing.classes ? ` (the classes ${preprocessing.classes.join(', ')})` : ''}, the model has ${this.outputs}`);
    }
  }

  /** The class names in the order of the model's outputs (a regression model has none). */
  get classes(): readonly string[] | null {
    if (this.task === 'regression') return null;
    if (this.model.lossName === 'sigmoid-cross-entropy' && this.outputs === 1) return this.preprocessing?.classes ?? ['0', '1'];
    return this.preprocessing?.classes ?? Array.from({ length: this.outputs }, (_, i) => String(i));
  }

  /** The model's input for raw data: the preprocessing applied (rows, whose target column is left aside, or a Tensor of samples), or the Tensor as it is. */
  inputs(data: PreprocessingInput, options: PredictOptions = {}): Tensor {
    const prep = this.preprocessing;
    if (prep !== null) return prep.transform(withoutTarget(data, prep), { dtype: this.dtype, ...(options.extraColumns ? { extraColumns: options.extraColumns } : {}) }).x;
    if (!(data instanceof Tensor)) throw new ValueError('Predictor: this model has no preprocessing (a model trained on arrays such as MNIST); pass the samples as a Tensor');
    return data;
  }

  /**
   * Answers for raw data: for a classifier the most likely class and the `top` (default 3) classes
   * with their probabilities, for regression the numbers in the target's units.
   */
  predict(data: PreprocessingInput, options: PredictOptions = {}): Answer[] {
    return this.answers(this.inputs(data, options), options);
  }

  /** Answers for image files (PNG or JPEG bytes), prepared as the training images were (size, channels). */
  predictImages(images: readonly Uint8Array[], options: { readonly top?: number; readonly names?: readonly string[]; readonly maxPixels?: number } = {}): Answer[] {
    const input = this.preprocessing?.toJSON().input;
    if (input?.kind !== 'image') throw new ValueError(`predictImages: this model was trained on ${input === undefined ? 'arrays without a preprocessing' : input.kind === 'table' ? 'a table' : 'arrays'}, not an image folder; use predict`);
    const per = input.channels * input.height * input.width;
    const x = Tensor.zeros([images.length, input.channels, input.height, input.width], { dtype: this.dtype });
    images.forEach((bytes, i) => {
      const size = { size: [input.height, input.width] as const, channels: input.channels, ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }) };
      x.data.set(imageInput(bytes, size, options.names?.[i] ?? `image ${i + 1}`), i * per);
    });
    return this.answers(x, options);
  }

  /**
   * The loss and the task's metrics on labelled raw data: a table with its target column, or a
   * Tensor of samples with their answers (class indices, or numbers in the target's units).
   * A regression's MSE, MAE and R² are in the target's units (its `loss` is the model's, on
   * standardized targets).
   */
  evaluate(data: PreprocessingInput, answers?: Int32Array | Tensor, options: Omit<PredictOptions, 'top'> = {}): Evaluation {
    const prep = this.preprocessing;
    const transformed = prep === null ? null : prep.transform(data, { dtype: this.dtype, ...(options.extraColumns ? { extraColumns: options.extraColumns } : {}) });
    const x = transformed?.x ?? this.inputs(data);
    let y = answers === undefined ? transformed?.y ?? null : prep !== null && prep.task !== null ? prep.transformTarget(answers, { dtype: this.dtype }) : answers;
    if (y === null) throw new ValueError(`evaluate: no answers to compare with; ${prep?.kind === 'table' ? `the rows need the target column ${JSON.stringify(prep.toJSON().target?.name ?? '')}` : 'pass them as the second argument'}`);
    if (this.task === 'regression' && y instanceof Int32Array) y = new Tensor(Float64Array.from(y), [y.length, 1]).astype(this.dtype);
    const result = evaluate(this.model, { images: x, labels: y }, options.batchSize === undefined ? {} : { batchSize: options.batchSize });
    if (result.task !== 'regression' || prep?.task !== 'regression') return result;
    const predicted = prep.inverseTarget(predictInBatches(this.model, x, options.batchSize ?? 1000, 'evaluate'));
    const truth = prep.inverseTarget(y as Tensor).reshape(...predicted.shape);
    return { ...result, mse: meanSquaredError(predicted, truth), mae: meanAbsoluteError(predicted, truth), r2: r2Score(predicted, truth) };
  }

  private answers(x: Tensor, options: PredictOptions): Answer[] {
    const n = x.shape[0]!;
    const batchSize = options.batchSize ?? (this.model.inputShape.length > 1 ? 100 : 1000);
    if (this.task === 'regression') {
      const raw = predictInBatches(this.model, x, batchSize, 'predict');
      const y = this.preprocessing?.task === 'regression' ? this.preprocessing.inverseTarget(raw) : raw;
      const k = y.size / n;
      return Array.from({ length: n }, (_, i) => {
        const values = Array.from(y.data.subarray(i * k, (i + 1) * k));
        return { value: values[0]!, values };
      });
    }
    const top = options.top ?? 3;
    if (!Number.isSafeInteger(top) || top < 1) throw new ValueError(`predict: top must be a positive whole number, got ${top}`);
    const classes = this.classes!;
    const p = this.model.predictProba(x, { batchSize });
    const k = p.size / n;
    if (this.model.lossName === 'sigmoid-cross-entropy' && k > 1) throw new ValueError(`predict: the model gives ${k} independent yes/no answers per sample (sigmoid), not one class; use model.predictProba`);
    return Array.from({ length: n }, (_, i) => {
      const probs = k === 1 ? [1 - p.data[i]!, p.data[i]!] : Array.from(p.data.subarray(i * k, (i + 1) * k));
      const ranked = probs.map((probability, c) => ({ class: classes[c]!, probability })).sort((a, b) => b.probability - a.probability).slice(0, top);
      return { class: ranked[0]!.class, probability: ranked[0]!.probability, top: ranked };
    });
  }
}

/**
 * Rebuilds a model and the preprocessing saved with it (none for a model trained on MNIST) from
 * safetensors bytes, checking that the two fit each other.
 *
 * @example
 * ```ts
 * import { Predictor, Preprocessing, Sequential, modelFileBytes, predictorFromSafetensors } from 'scratchnet';
 * const prep = Preprocessing.forImages({ height: 8, width: 8, channels: 1, classes: ['cat', 'dog'] });
 * const net = new Sequential({ inputShape: [1, 8, 8], layers: [{ type: 'Flatten' }, { type: 'Affine', units: 2 }] });
 * const again = predictorFromSafetensors(modelFileBytes(new Predictor(net, prep)), 'pets.safetensors');
 * console.log(again.classes); // ['cat', 'dog']
 * ```
 */
export function predictorFromSafetensors(bytes: Uint8Array, name = 'model file'): Predictor {
  const content = decodeSafetensors(bytes, name);
  const model = modelFromContent(content, name);
  const prep = preprocessingFromMetadata(content.metadata, name);
  try {
    return new Predictor(model, prep);
  } catch (e) {
    if (e instanceof ScratchnetError) throw new FileFormatError(`${name}: the preprocessing does not fit the model: ${e.message}`);
    throw e;
  }
}
