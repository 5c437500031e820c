/**
 * Web Workers for the WebAssembly matrix products in browsers: the same protocol as node-pool.ts
 * (a control block per worker on a SharedArrayBuffer, the module instantiated on the shared memory),
 * for pages that are cross-origin isolated (SharedArrayBuffer needs it). A worker starts
 * asynchronously: until every worker has said it is ready, the caller computes all rows itself, which
 * gives the same bits (rows do not depend on the thread that computes them). A browser's main thread
 * may not block, so the caller waits by polling there, and with Atomics.wait inside a worker.
 */
import { POOL_KERNELS, splitRows, type PoolKernel, type RowPool } from './row-pool.js';

const SPIN = 20_000;
const ARGS = 8; // control words: [0] sequence, [1] done, [2] kernel code (−1: exit), [3 ..] arguments

const WORKER = `
self.onmessage = (e) => {
  const { module, memory, control, kernels } = e.data;
  const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('scratchnet: a WebAssembly kernel aborted'); } } });
  const run = kernels.map((name) => instance.exports[name]);
  const ctrl = new Int32Array(control);
  self.postMessage('ready');
  let seen = 0;
  for (;;) {
    for (let i = 0; i < ${SPIN} && Atomics.load(ctrl, 0) === seen; i++);
    Atomics.wait(ctrl, 0, seen);
    seen = Atomics.load(ctrl, 0);
    if (ctrl[2] < 0) break;
    run[ctrl[2]](...ctrl.subarray(3, 3 + ${ARGS}));
    Atomics.store(ctrl, 1, seen);
    Atomics.notify(ctrl, 1);
  }
  self.close();
};
`;

/** Whether this thread may block in Atomics.wait (workers yes, a window's main thread no). */
function canBlock(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

/** A RowPool of `threads − 1` Web Workers plus the calling thread. */
export function createWebPool(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, exports: Readonly<Record<PoolKernel, (...args: number[]) => void>>): RowPool {
  const url = URL.createObjectURL(new Blob([WORKER], { type: 'text/javascript' }));
  const controls: Int32Array[] = [];
  const workers: Worker[] = [];
  let ready = 0;
  for (let i = 1; i < threads; i++) {
    const control = new SharedArrayBuffer((3 + ARGS) * 4);
    controls.push(new Int32Array(control));
    const worker = new Worker(url);
    worker.onmessage = () => {
      ready++;
    };
    worker.postMessage({ module, memory, control, kernels: POOL_KERNELS });
    workers.push(worker);
  }
  const block = canBlock();
  return {
    threads,
    run(kernel, args, m) {
      if (ready < controls.length) {
        exports[kernel](...args, 0, m); // workers still starting: the same rows, all here
        return;
      }
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
        for (let i = 0; i < SPIN && Atomics.load(ctrl, 1) !== seq; i++);
        while ((done = Atomics.load(ctrl, 1)) !== seq) if (block) Atomics.wait(ctrl, 1, done);
      }
    },
    close() {
      for (const ctrl of controls) {
        ctrl[2] = -1;
        Atomics.add(ctrl, 0, 1);
        Atomics.notify(ctrl, 0);
      }
      URL.revokeObjectURL(url);
    },
  };
}
