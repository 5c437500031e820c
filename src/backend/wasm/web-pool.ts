/**
 * Web Workers for the WebAssembly matrix products in browsers: the protocol of row-pool.ts (a control
 * block per worker on a SharedArrayBuffer, the module instantiated on the shared memory), for pages
 * that are cross-origin isolated (SharedArrayBuffer needs it). A worker starts asynchronously: until
 * every worker has said it is ready, the caller computes all rows itself, which gives the same bits
 * (rows do not depend on the thread that computes them). A browser's main thread may not block, so
 * the caller waits by polling there, and with Atomics.wait inside a worker.
 */
import { HELPER_LOOP, POOL_KERNELS, controlBlock, dispatch, stopHelpers, type PoolKernel, type RowPool } from './row-pool.js';

const WORKER = `
self.onmessage = (e) => {
  const { module, memory, control, kernels } = e.data;
  const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('scratchnet: a WebAssembly kernel aborted'); } } });
  const run = kernels.map((name) => instance.exports[name]);
  const ctrl = new Int32Array(control);
  self.postMessage('ready');
  ${HELPER_LOOP}
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
  let ready = 0;
  for (let i = 1; i < threads; i++) {
    const ctrl = controlBlock();
    controls.push(ctrl);
    const worker = new Worker(url);
    worker.onmessage = () => {
      ready++;
    };
    worker.postMessage({ module, memory, control: ctrl.buffer, kernels: POOL_KERNELS });
  }
  const block = canBlock();
  return {
    threads,
    run(kernel, args, m) {
      if (ready < controls.length) exports[kernel](...args, 0, m); // workers still starting: the same rows, all here
      else dispatch(controls, exports, kernel, args, m, block);
    },
    close() {
      stopHelpers(controls);
      URL.revokeObjectURL(url);
    },
  };
}
