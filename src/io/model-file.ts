import { FileFormatError, ScratchnetError } from '../errors/index.js';
import type { Model } from '../models/model.js';
import { modelFromConfig } from '../models/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { readSafetensors, writeSafetensors } from './safetensors-file.js';

/** The metadata key holding the model's architecture as JSON. */
export const MODEL_CONFIG_KEY = 'scratchnet.model';
const FORMAT_KEY = 'format';

/**
 * Saves a model's parameters (named as the book names them), its buffers
 * (BatchNormalization running averages) and its
 * architecture (in `__metadata__`) to a .safetensors file, atomically.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, saveModel, loadModel } from 'scratchnet';
 * saveModel('net.safetensors', new TwoLayerNet(784, 50, 10));
 * const net = loadModel('net.safetensors');
 * ```
 */
export function saveModel(path: string, model: Model, extra: Readonly<Record<string, string>> = {}): void {
  writeSafetensors(path, { ...model.params, ...model.buffers }, { ...extra, [FORMAT_KEY]: 'scratchnet', [MODEL_CONFIG_KEY]: JSON.stringify(model.config()) });
}

/** Rebuilds any saved model from its file alone (architecture from the metadata, then the parameters). */
export function loadModel(path: string): Model {
  const { tensors, metadata } = readSafetensors(path);
  const raw = metadata[MODEL_CONFIG_KEY];
  if (raw === undefined) {
    throw new FileFormatError(`${path}: no '${MODEL_CONFIG_KEY}' in the metadata; this safetensors file was not written by scratchnet (use readSafetensors for raw tensors)`);
  }
  let model: Model;
  try {
    model = modelFromConfig(JSON.parse(raw));
  } catch (e) {
    throw new FileFormatError(`${path}: bad model description in the metadata (${(e as Error).message})`);
  }
  const params: Record<string, Tensor> = {};
  const buffers: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) (name in model.buffers ? buffers : params)[name] = t;
  try {
    model.setParams(params);
    model.setBuffers(buffers);
  } catch (e) {
    if (e instanceof ScratchnetError) throw new FileFormatError(`${path}: the tensors do not fit the model: ${e.message}`);
    throw e;
  }
  return model;
}
