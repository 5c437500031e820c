// Heap per epoch over a full training run: after warm-up the heap stays flat.
// Run: node --expose-gc bench/heap.mjs [iterations]   (default: the book's 10,000)
// Prints one line per epoch: iteration, heap used after a full GC, and the change since epoch 2.
import { SGD, Trainer, TwoLayerNet, loadMnist } from 'scratchnet';

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc bench/heap.mjs');
  process.exit(1);
}
const iters = Number(process.argv[2] ?? 10000);
const data = loadMnist();
const heap = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
let base = null;
const trainer = new Trainer(new TwoLayerNet(784, 50, 10), data, {
  optimizer: new SGD(0.1),
  iters,
  onEpoch: (e) => {
    const mb = heap();
    if (e.epoch === 2) base = mb;
    console.log(`epoch ${String(e.epoch).padStart(2)}  iter ${String(e.iter).padStart(6)}  heap ${mb.toFixed(2)} MiB${base === null ? '' : `  (${(mb - base >= 0 ? '+' : '')}${(mb - base).toFixed(2)} since epoch 2)`}`);
  },
});
while (!trainer.done) trainer.step();
