// The module trainInWorker starts as a Web Worker: the fastest kernels this browser has, then the Trainer's loop.
// It imports only what training needs (not the image decoders of the whole browser entry).
import { defaultThreads, setThreads } from '../backend/web-setup.js';
import { serveTraining, type WorkerScope } from './training-worker.js';

setThreads(defaultThreads());
serveTraining(self as unknown as WorkerScope);
