import { FileFormatError, ScratchnetError } from '../errors/index.js';
import { preprocessingFromMetadata, preprocessingMetadata } from '../data/preprocessing/metadata.js';
import type { Model } from '../models/model.js';
import { Predictor } from '../models/predictor.js';
import { modelFromConfig } from '../models/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsContent } from './safetensors.js';

/** The metadata key holding the model's architecture as JSON. */
export const MODEL_CONFIG_KEY = 'scratchnet.model';

/**
 * A model as safetensors bytes: parameters and buffers by name, the architecture in `__metadata__`,
 * and, for a {@link Predictor}, its preprocessing beside it.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, modelFileBytes, modelFromSafetensors } from 'scratchnet';
 * const twin = modelFromSafetensors(modelFileBytes(new TwoLayerNet(4, 3, 2)));
 * ```
 */
export function modelFileBytes(model: Model | Predictor, extra: Readonly<Record<string, string>> = {}): Uint8Array {
  const net = model instanceof Predictor ? model.model : model;
  const prep = model instanceof Predictor && model.preprocessing !== null ? preprocessingMetadata(model.preprocessing) : {};
  return encodeSafetensors({ ...net.params, ...net.buffers }, { ...extra, ...prep, format: 'scratchnet', [MODEL_CONFIG_KEY]: JSON.stringify(net.config()) });
}

function modelFrom({ tensors, metadata }: SafetensorsContent, name: string): Model {
  const raw = metadata[MODEL_CONFIG_KEY];
  if (raw === undefined) {
    throw new FileFormatError(`${name}: no '${MODEL_CONFIG_KEY}' in the metadata; this safetensors file was not written by scratchnet (use readSafetensors for raw tensors)`);
  }
  let model: Model;
  try {
    model = modelFromConfig(JSON.parse(raw));
  } catch (e) {
    throw new FileFormatError(`${name}: bad model description in the metadata (${(e as Error).message})`);
  }
  const params: Record<string, Tensor> = {};
  const buffers: Record<string, Tensor> = {};
  for (const [key, t] of Object.entries(tensors)) (key in model.buffers ? buffers : params)[key] = t;
  try {
    model.setParams(params);
    model.setBuffers(buffers);
  } catch (e) {
    if (e instanceof ScratchnetError) throw new FileFormatError(`${name}: the tensors do not fit the model: ${e.message}`);
    throw e;
  }
  return model;
}

/** Rebuilds a model from safetensors bytes written by scratchnet (in Node or a browser). */
export function modelFromSafetensors(bytes: Uint8Array, name = 'model file'): Model {
  return modelFrom(decodeSafetensors(bytes, name), name);
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
  const model = modelFrom(content, name);
  const prep = preprocessingFromMetadata(content.metadata, name);
  try {
    return new Predictor(model, prep);
  } catch (e) {
    if (e instanceof ScratchnetError) throw new FileFormatError(`${name}: the preprocessing does not fit the model: ${e.message}`);
    throw e;
  }
}
