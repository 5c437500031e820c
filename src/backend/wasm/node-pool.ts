/**
 * Worker threads for the WebAssembly matrix product (Node). Each worker
 * instantiates the same module on the same shared memory and waits on its own
 * control block (a SharedArrayBuffer): the caller writes the arguments, bumps
 * a sequence number and wakes the worker with Atomics.notify, computes its own
 * share of the rows, then waits until every worker has echoed the sequence.
 */
import { Worker } from 'node:worker_threads';
import { splitRows, type RowPool } from './row-pool.js';

const WORKER = `
const { workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('scratchnet: a WebAssembly kernel aborted'); } } });
const gemmRows = instance.exports.gemmRows;
const ctrl = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  if (ctrl[2] < 0) break;
  gemmRows(ctrl[2], ctrl[3], ctrl[4], ctrl[5], ctrl[6], ctrl[7], ctrl[8]);
  Atomics.store(ctrl, 1, seen);
  Atomics.notify(ctrl, 1);
}
`;

/** A RowPool of `threads − 1` workers plus the calling thread. */
export function createNodePool(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, gemmRows: (a: number, bp: number, c: number, n: number, k: number, r0: number, r1: number) => void): RowPool {
  const controls: Int32Array[] = [];
  for (let i = 1; i < threads; i++) {
    const control = new SharedArrayBuffer(9 * 4);
    controls.push(new Int32Array(control));
    new Worker(WORKER, { eval: true, workerData: { module, memory, control } }).unref();
  }
  return {
    threads,
    gemm(a, bp, c, n, k, m) {
      const parts = splitRows(m, threads);
      controls.forEach((ctrl, i) => {
        const [r0, r1] = parts[i + 1]!;
        ctrl.set([a, bp, c, n, k, r0, r1], 2);
        Atomics.add(ctrl, 0, 1);
        Atomics.notify(ctrl, 0);
      });
      const [r0, r1] = parts[0]!;
      gemmRows(a, bp, c, n, k, r0, r1);
      for (const ctrl of controls) {
        const seq = Atomics.load(ctrl, 0);
        let done: number;
        while ((done = Atomics.load(ctrl, 1)) !== seq) Atomics.wait(ctrl, 1, done);
      }
    },
    close() {
      for (const ctrl of controls) {
        ctrl[2] = -1;
        Atomics.add(ctrl, 0, 1);
        Atomics.notify(ctrl, 0);
      }
    },
  };
}
