/**
 * scratchnet for Node: everything in `core.ts` (which also runs in browsers),
 * plus files (safetensors, model files, checkpoints, PNG), MNIST from disk and
 * the fast backend set up at start-up.
 */
import './backend/node-setup.js';

export { setThreads, canUseThreads } from './backend/node-setup.js';

export * from './core.js';
export { loadMnist, readIdxFile, defaultMnistDir, MNIST_FILES, type Mnist, type MnistOptions, type MnistSplit } from './data/mnist.js';
export { readSafetensors, writeSafetensors } from './io/safetensors-file.js';
export { saveModel, loadModel } from './io/model-file.js';
export { readPngGray, type GrayImage } from './io/png.js';
export { writeFileAtomic } from './io/atomic-write.js';
export { saveCheckpoint, loadLatestCheckpoint, listCheckpoints, checkpointFiles, checkpointName, runsIn, type CheckpointFile } from './node/checkpoint-files.js';
