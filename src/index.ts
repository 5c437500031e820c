/**
 * scratchnet for Node: everything in `core.ts` (which also runs in browsers),
 * plus files (safetensors, model files, checkpoints, PNG and JPEG images), MNIST from disk and
 * the fast backend set up at start-up.
 */
import './node/backend-setup.js';

export { setThreads, canUseThreads } from './node/backend-setup.js';

export * from './core.js';
export { loadMnist, readIdxFile, defaultMnistDir, MNIST_FILES, type Mnist, type MnistOptions, type MnistSplit } from './node/mnist-files.js';
export { readSafetensors, writeSafetensors } from './node/safetensors-file.js';
export { saveModel, loadModel, loadPredictor, loadSequenceModel } from './node/model-file.js';
export { readImageGray, readPngGray } from './node/image-file.js';
export { writeFileAtomic } from './node/atomic-write.js';
export { saveCheckpoint, loadLatestCheckpoint, listCheckpoints, checkpointFiles, checkpointName, runsIn, type CheckpointFile } from './node/checkpoint-files.js';
export { saveSequenceCheckpoint, loadLatestSequenceCheckpoint } from './node/sequence-checkpoint-files.js';
export { loadTextCorpus } from './node/text-corpus-file.js';
export { loadNpy, loadNpz, type LoadNpzOptions } from './node/npz-file.js';
export { loadCsv } from './node/csv-file.js';
export { loadImageFolder } from './node/image-folder.js';
export { loadSeq2seqText, type LoadSeq2seqOptions } from './node/seq2seq-file.js';
