import type { Model } from '../models/model.js';
import { predictorFromSafetensors, type Predictor } from '../models/predictor.js';
import type { SequenceModel } from '../models/sequence-model.js';
import { writeFileAtomic } from './atomic-write.js';
import { readFileBytes } from './read-file.js';
import { MODEL_CONFIG_KEY, modelFileBytes, modelFromSafetensors, sequenceModelFromSafetensors } from '../formats/model-bytes.js';

export { MODEL_CONFIG_KEY };

/**
 * Saves a model's parameters (named as the book names them), its buffers
 * (BatchNormalization running averages) and its architecture (in
 * `__metadata__`) to a .safetensors file, atomically. A {@link Predictor}
 * saves its preprocessing with the model.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, saveModel, loadModel } from 'scratchnet';
 * saveModel('net.safetensors', new TwoLayerNet(784, 50, 10));
 * const net = loadModel('net.safetensors');
 * ```
 */
export function saveModel(path: string, model: Model | SequenceModel | Predictor, extra: Readonly<Record<string, string>> = {}): void {
  writeFileAtomic(path, modelFileBytes(model, extra));
}

/** Rebuilds any saved model from its file alone (architecture from the metadata, then the parameters). */
export function loadModel(path: string): Model {
  return modelFromSafetensors(readFileBytes(path), path);
}

/**
 * Reads a model file with the preprocessing saved in it: a {@link Predictor} that answers raw rows,
 * arrays or images in the data's own class names and units.
 *
 * @example
 * ```ts
 * import { Predictor, Preprocessing, TwoLayerNet, csvData, loadPredictor, saveModel } from 'scratchnet';
 * const flowers = csvData('petal,species\n1.4,setosa\n4.7,versicolor\n1.3,setosa\n4.5,versicolor\n', { target: 'species' });
 * const prep = Preprocessing.fit(flowers.table, { target: 'species' });
 * saveModel('flowers.safetensors', new Predictor(new TwoLayerNet(1, 4, 2, { seed: 0 }), prep));
 * const [answer] = loadPredictor('flowers.safetensors').predict([{ petal: 1.5 }]);
 * console.log(answer); // { class: 'setosa' or 'versicolor', probability, top: [...] } (untrained here)
 * ```
 */
export function loadPredictor(path: string): Predictor {
  return predictorFromSafetensors(readFileBytes(path), path);
}

/**
 * Rebuilds a saved sequence model (Rnnlm, BetterRnnlm, Seq2seq, PeekySeq2seq, AttentionSeq2seq) from its file alone.
 *
 * @example
 * ```ts
 * import { AttentionSeq2seq, saveModel, loadSequenceModel } from 'scratchnet';
 * saveModel('dates.safetensors', new AttentionSeq2seq({ vocabSize: 59, hiddenSize: 32 }));
 * const model = loadSequenceModel('dates.safetensors');
 * ```
 */
export function loadSequenceModel(path: string): SequenceModel {
  return sequenceModelFromSafetensors(readFileBytes(path), path);
}
