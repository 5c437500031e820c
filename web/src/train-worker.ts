/// <reference lib="webworker" />
// Trains in a Web Worker so the page stays responsive: the library's Trainer steps for ~50 ms at a
// time, then the worker reports and yields so that pause messages get through.
import { SimpleConvNet, Trainer, TwoLayerNet, getBackend, makeOptimizer, modelFileBytes } from '../../src/browser';
import { parseSubset, type Subset } from './mnist-asset';

export type ToWorker = { type: 'start'; model: 'two-layer' | 'simple-conv'; optimizer: string; dataUrl: string } | { type: 'pause' } | { type: 'resume' };
export type FromWorker =
  | { type: 'progress'; iter: number; loss: number; losses: number[]; itPerSec: number; kernels: string }
  | { type: 'accuracy'; iter: number; testAcc: number }
  | { type: 'model'; iter: number; bytes: Uint8Array }
  | { type: 'error'; message: string };

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);
const subsets = new Map<boolean, Subset>();
let trainer: Trainer | null = null;
let running = false;

async function load(url: string, flatten: boolean): Promise<Subset> {
  if (!subsets.has(flatten)) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load mnist-subset.bin (HTTP ${res.status})`);
    subsets.set(flatten, parseSubset(await res.arrayBuffer(), flatten));
  }
  return subsets.get(flatten)!;
}

function loop(): void {
  if (!running || trainer === null) return;
  const t = trainer;
  const start = performance.now();
  const from = t.lossHistory.length;
  try {
    while (performance.now() - start < 50 && !t.done) t.step();
  } catch (err) {
    running = false;
    post({ type: 'error', message: (err as Error).message });
    return;
  }
  const losses = t.lossHistory.slice(from);
  const seconds = (performance.now() - start) / 1000;
  post({ type: 'progress', iter: t.iteration, loss: losses[losses.length - 1]!, losses, itPerSec: losses.length / seconds, kernels: getBackend().name });
  if (t.iteration % 50 < losses.length) post({ type: 'model', iter: t.iteration, bytes: modelFileBytes(t.model) });
  setTimeout(loop, 0);
}

self.onmessage = async (e: MessageEvent<ToWorker>) => {
  try {
    const m = e.data;
    if (m.type === 'start') {
      running = false;
      const conv = m.model === 'simple-conv';
      const data = await load(m.dataUrl, !conv);
      const model = conv ? new SimpleConvNet({ seed: 1 }) : new TwoLayerNet(784, 50, 10, { seed: 1 });
      const lr = m.optimizer === 'sgd' ? 0.1 : undefined;
      trainer = new Trainer(model, data, {
        optimizer: makeOptimizer(m.optimizer, lr),
        batchSize: conv ? 50 : 100,
        seed: 1,
        iters: Number.MAX_SAFE_INTEGER, // until paused
        evalLimit: conv ? 500 : 2000, // fewer images for the slower conv net
        onEpoch: (r) => post({ type: 'accuracy', iter: r.iter, testAcc: r.testAcc! }),
      });
      running = true;
      loop();
    } else if (m.type === 'pause') running = false;
    else if (m.type === 'resume' && trainer !== null && !running) {
      running = true;
      loop();
    }
  } catch (err) {
    post({ type: 'error', message: (err as Error).message });
  }
};
