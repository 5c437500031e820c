import { FileFormatError, ScratchnetError } from '../errors/index.js';
import { preprocessingMetadata } from '../data/preprocessing/metadata.js';
import type { Preprocessing } from '../data/preprocessing/preprocessing.js';
import type { Model } from '../models/model.js';
import { modelFromConfig, sequenceModelFromConfig } from '../models/registry.js';
import type { SequenceModel } from '../models/sequence-model.js';
import type { Tensor } from '../tensor/tensor.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsContent } from './safetensors.js';

/** The metadata key holding the model's architecture as JSON. */
export const MODEL_CONFIG_KEY = 'scratchnet.model';

/** A model with the preprocessing it was trained with, as a Predictor holds them. */
export interface ModelWithPreprocessing {
  readonly model: Model;
  readonly preprocessing: Preprocessing | null;
}

const withPreprocessing = (m: Model | SequenceModel | ModelWithPreprocessing): m is ModelWithPreprocessing => 'preprocessing' in m && 'model' in m;

/**
 * A model as safetensors bytes: parameters and buffers by name, the architecture in `__metadata__`,
 * and, for a Predictor, its preprocessing beside it.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, modelFileBytes, modelFromSafetensors } from 'scratchnet';
 * const twin = modelFromSafetensors(modelFileBytes(new TwoLayerNet(4, 3, 2)));
 * ```
 */
export function modelFileBytes(model: Model | SequenceModel | ModelWithPreprocessing, extra: Readonly<Record<string, string>> = {}): Uint8Array {
  const net = withPreprocessing(model) ? model.model : model;
  const prep = withPreprocessing(model) && model.preprocessing !== null ? preprocessingMetadata(model.preprocessing) : {};
  return encodeSafetensors({ ...net.params, ...net.buffers }, { ...extra, ...prep, format: 'scratchnet', [MODEL_CONFIG_KEY]: JSON.stringify(net.config()) });
}

/** Rebuilds a model from decoded safetensors content (its tensors and metadata). */
export function modelFromContent(content: SafetensorsContent, name: string): Model {
  return fromContent(content, name, modelFromConfig);
}

/**
 * Rebuilds a sequence model (Rnnlm, Seq2seq, ...) from safetensors bytes written by scratchnet.
 *
 * @example
 * ```ts
 * import { Seq2seq, modelFileBytes, sequenceModelFromSafetensors } from 'scratchnet';
 * const twin = sequenceModelFromSafetensors(modelFileBytes(new Seq2seq({ vocabSize: 13 })));
 * ```
 */
export function sequenceModelFromSafetensors(bytes: Uint8Array, name = 'model file'): SequenceModel {
  return fromContent(decodeSafetensors(bytes, name), name, sequenceModelFromConfig);
}

function fromContent<M extends Model | SequenceModel>({ tensors, metadata }: SafetensorsContent, name: string, fromConfig: (c: unknown) => M): M {
  const raw = metadata[MODEL_CONFIG_KEY];
  if (raw === undefined) {
    throw new FileFormatError(`${name}: no '${MODEL_CONFIG_KEY}' in the metadata; this safetensors file was not written by scratchnet (use readSafetensors for raw tensors)`);
  }
  let model: M;
  try {
    model = fromConfig(JSON.parse(raw));
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
  return modelFromContent(decodeSafetensors(bytes, name), name);
}
