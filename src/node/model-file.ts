import type { Model } from '../models/model.js';
import { writeFileAtomic } from './atomic-write.js';
import { readFileBytes } from './read-file.js';
import { MODEL_CONFIG_KEY, modelFileBytes, modelFromSafetensors } from '../formats/model-bytes.js';

export { MODEL_CONFIG_KEY };

/**
 * Saves a model's parameters (named as the book names them), its buffers
 * (BatchNormalization running averages) and its architecture (in
 * `__metadata__`) to a .safetensors file, atomically.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, saveModel, loadModel } from 'scratchnet';
 * saveModel('net.safetensors', new TwoLayerNet(784, 50, 10));
 * const net = loadModel('net.safetensors');
 * ```
 */
export function saveModel(path: string, model: Model, extra: Readonly<Record<string, string>> = {}): void {
  writeFileAtomic(path, modelFileBytes(model, extra));
}

/** Rebuilds any saved model from its file alone (architecture from the metadata, then the parameters). */
export function loadModel(path: string): Model {
  return modelFromSafetensors(readFileBytes(path), path);
}
