/// <reference lib="webworker" />
// Trains in a Web Worker so the page stays responsive: steps for ~50 ms at a time, then reports and
// yields so that pause messages get through.
import { BatchSampler, Rng, SimpleConvNet, TwoLayerNet, getBackend, makeOptimizer, modelFileBytes, takeLabels, takeRows, type Model, type Optimizer } from '../../src/browser';
import { parseSubset, type Subset } from './mnist-asset';

export type ToWorker = { type: 'start'; model: 'two-layer' | 'simple-conv'; optimizer: string; dataUrl: string } | { type: 'pause' } | { type: 'resume' };
export type FromWorker =
  | { type: 'progress'; iter: number; loss: number; losses: number[]; itPerSec: number; kernels: string }
  | { type: 'accuracy'; iter: number; testAcc: number }
  | { type: 'model'; iter: number; bytes: Uint8Array }
  | { type: 'error'; message: string };

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);
const subsets = new Map<boolean, Subset>();
let state: { model: Model; optimizer: Optimizer; sampler: BatchSampler; data: Subset; iter: number } | null = null;
let running = false;

async function load(url: string, flatten: boolean): Promise<Subset> {
  if (!subsets.has(flatten)) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load mnist-subset.bin (HTTP ${res.status})`);
    subsets.set(flatten, parseSubset(await res.arrayBuffer(), flatten));
  }
  return subsets.get(flatten)!;
}

function evaluate(): void {
  const s = state!;
  const n = s.model.inputShape.length === 1 ? 2000 : 500; // fewer images for the slower conv net
  const x = takeRows(s.data.test.images, Array.from({ length: n }, (_, i) => i));
  post({ type: 'accuracy', iter: s.iter, testAcc: s.model.accuracy(x, s.data.test.labels.subarray(0, n), { batchSize: 250 }) });
}

function loop(): void {
  if (!running || state === null) return;
  const s = state;
  const start = performance.now();
  const losses: number[] = [];
  while (performance.now() - start < 50) {
    const idx = s.sampler.next();
    const { loss, grads } = s.model.lossAndGradient(takeRows(s.data.train.images, idx), takeLabels(s.data.train.labels, idx));
    s.optimizer.update(s.model.params, grads);
    s.iter++;
    losses.push(loss);
    if (s.iter === 10 || s.iter % 100 === 0) evaluate();
  }
  const seconds = (performance.now() - start) / 1000;
  post({ type: 'progress', iter: s.iter, loss: losses[losses.length - 1]!, losses, itPerSec: losses.length / seconds, kernels: getBackend().name });
  if (s.iter % 50 < losses.length) post({ type: 'model', iter: s.iter, bytes: modelFileBytes(s.model) });
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
      state = { model, optimizer: makeOptimizer(m.optimizer, lr), sampler: new BatchSampler(data.train.images.shape[0]!, conv ? 50 : 100, new Rng(1)), data, iter: 0 };
      running = true;
      loop();
    } else if (m.type === 'pause') running = false;
    else if (m.type === 'resume' && state !== null && !running) {
      running = true;
      loop();
    }
  } catch (err) {
    post({ type: 'error', message: (err as Error).message });
  }
};
