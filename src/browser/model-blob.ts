/**
 * Models as files in a browser: a Blob to download, and a File (an upload, a drop) read back into a
 * model. The bytes are the same .safetensors that `saveModel` and `scratchnet train` write.
 */
import { FileFormatError, ValueError } from '../errors/index.js';
import { modelFileBytes, modelFromSafetensors } from '../formats/model-bytes.js';
import type { Model } from '../models/model.js';

/** The largest model file read by default (1 GiB): the book's largest network, DeepConvNet, is under 2 MB. */
export const MODEL_FILE_MAX_BYTES = 1 << 30;

/** Options of {@link modelFromBlob}. */
export interface ModelBlobOptions {
  /** Refuse files larger than this many bytes before reading them (default {@link MODEL_FILE_MAX_BYTES}). */
  readonly maxBytes?: number;
}

/** A model as a .safetensors Blob (its architecture in the metadata), ready to download or store. */
export function modelToBlob(model: Model, extra: Readonly<Record<string, string>> = {}): Blob {
  return new Blob([modelFileBytes(model, extra) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
}

/** Reads a Blob or File whole, refusing one above `maxBytes` before any bytes are read. */
export async function blobBytes(blob: Blob, name: string, maxBytes = MODEL_FILE_MAX_BYTES): Promise<Uint8Array> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new ValueError(`${name}: maxBytes must be a positive integer, got ${maxBytes}`);
  if (blob.size > maxBytes) throw new FileFormatError(`${name}: ${blob.size} bytes is above the ${maxBytes}-byte limit for a model file; is this a model written by scratchnet?`);
  try {
    return new Uint8Array(await blob.arrayBuffer());
  } catch (e) {
    throw new FileFormatError(`${name}: cannot read (${(e as Error).name}: ${(e as Error).message}); choose the file again`);
  }
}

/** Rebuilds a model from a .safetensors Blob or File written by scratchnet (the CLI, `saveModel`, {@link modelToBlob}). */
export async function modelFromBlob(blob: Blob, name?: string, options: ModelBlobOptions = {}): Promise<Model> {
  const label = name ?? ((blob as Partial<File>).name || 'model file');
  return modelFromSafetensors(await blobBytes(blob, label, options.maxBytes), label);
}

/** Offers a model to the user as a .safetensors download (through a temporary link in `doc`), with `extra` metadata such as its preprocessing. */
export function downloadModel(model: Model, fileName = 'model.safetensors', extra: Readonly<Record<string, string>> = {}, doc: Document = document): void {
  const url = URL.createObjectURL(modelToBlob(model, extra));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  // the download has its own reference to the blob once started
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
