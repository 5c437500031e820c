export { StorageUnavailableError, StorageFullError } from './storage-errors.js';
export { modelToBlob, modelFromBlob, downloadModel, MODEL_FILE_MAX_BYTES, type ModelBlobOptions } from './model-blob.js';
export { openModelStore, ModelStore, MODEL_STORE_DATABASE, type StoredModelInfo, type ModelStoreOptions } from './model-store.js';
export { trainInWorker, type TrainInWorkerOptions, type WorkerTraining, type WorkerTrainResult, type WorkerEpoch, type WorkerProgress } from './train-in-worker.js';
export { serveTraining, type WorkerScope } from './training-worker.js';
