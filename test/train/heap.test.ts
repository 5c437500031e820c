import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SGD, Trainer, TwoLayerNet, loadMnist } from '../../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('memory', () => {
  it('the heap stays flat over a training run after warm-up (measured after a full GC each epoch)', () => {
    const data = loadMnist({ trainLimit: 1000, testLimit: 500 });
    const heap: number[] = [];
    const trainer = new Trainer(new TwoLayerNet(784, 50, 10), data, {
      optimizer: new SGD(0.1),
      iters: 600, // 60 epochs of 10 iterations
      onEpoch: () => {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      },
    });
    while (!trainer.done) trainer.step();
    assert.equal(heap.length, 60);
    const growth = heap[59]! - heap[4]!;
    // the loss history and the epoch records grow by a few bytes per iteration; anything leaking per batch would be MBs
    assert.ok(growth < 1024 * 1024, `heap grew by ${(growth / 1024).toFixed(0)} KiB from epoch 5 to 60`);
  });
});
