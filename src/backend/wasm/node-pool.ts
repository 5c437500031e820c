/**
 * Worker threads for the WebAssembly matrix product (Node). Each worker
 * instantiates the same module on the same shared memory and waits on its own
 * control block (a SharedArrayBuffer): the caller writes the arguments, bumps
 * a sequence number and wakes the worker with Atomics.notify, computes its own
 * share of the rows, then waits until every worker has echoed the sequence.
 * Both sides poll for a moment before sleeping (Atomics.wait), because waking
 * a sleeping thread costs tens of microseconds (bench/threads.mjs).
 */
import { Worker } from 'node:worker_threads';
import { POOL_KERNELS, splitRows, type PoolKernel, type RowPool } from './row-pool.js';

/** Polls of a shared word before a thread sleeps on it (about 50–100 µs). */
const SPIN = 20_000;

const ARGS = 8; // control words: [0] sequence, [1] done, [2] kernel code (−1: exit), [3 ..] arguments

const WORKER = `
const SPIN = ${SPIN};
const { workerData } = require('node:worker_threads');
const { module, memory, control, kernels } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('scratchnet: a WebAssembly kernel aborted'); } } });
const run = kernels.map((name) => instance.exports[name]);
const ctrl = new Int32Array(control);
let seen = 0;
for (;;) {
  // spin briefly before sleeping: in a training loop the next product follows within microseconds,
  // and waking a sleeping thread costs more than that
  for (let i = 0; i < SPIN && Atomics.load(ctrl, 0) === seen; i++);
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  if (ctrl[2] < 0) break;
  run[ctrl[2]](...ctrl.subarray(3, 3 + ${ARGS}));
  Atomics.store(ctrl, 1, seen);
  Atomics.notify(ctrl, 1);
}
`;

/** A RowPool of `threads − 1` workers plus the calling thread, which runs `exports`' kernels itself. */
export function createNodePool(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, exports: Readonly<Record<PoolKernel, (...args: number[]) => void>>): RowPool {
  const controls: Int32Array[] = [];
  for (let i = 1; i < threads; i++) {
    const control = new SharedArrayBuffer((3 + ARGS) * 4);
    controls.push(new Int32Array(control));
    new Worker(WORKER, { eval: true, workerData: { module, memory, control, kernels: POOL_KERNELS } }).unref();
  }
  return {
    threads,
    run(kernel, args, m) {
      const parts = splitRows(m, threads);
      const code = POOL_KERNELS.indexOf(kernel);
      controls.forEach((ctrl, i) => {
        const [r0, r1] = parts[i + 1]!;
        ctrl[2] = code;
        ctrl.set([...args, r0, r1], 3);
        Atomics.add(ctrl, 0, 1);
        Atomics.notify(ctrl, 0);
      });
      const [r0, r1] = parts[0]!;
      exports[kernel](...args, r0, r1);
      for (const ctrl of controls) {
        const seq = Atomics.load(ctrl, 0);
        let done: number;
        // the workers' shares are the size of ours: spin for them first, then sleep
        for (let i = 0; i < SPIN && Atomics.load(ctrl, 1) !== seq; i++);
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
