/**
 * Worker threads for the WebAssembly matrix products (Node). Each worker
 * instantiates the same module on the same shared memory and waits on its own
 * control block (a SharedArrayBuffer): the caller writes the arguments, bumps
 * a sequence number and wakes the worker with Atomics.notify, computes its own
 * share of the rows, then waits until every worker has echoed the sequence
 * (row-pool.ts). Both sides poll for a moment before sleeping (Atomics.wait),
 * because waking a sleeping thread costs tens of microseconds.
 */
import { Worker } from 'node:worker_threads';
import { HELPER_LOOP, POOL_KERNELS, controlBlock, dispatch, stopHelpers, type PoolKernel, type RowPool } from '../backend/wasm/row-pool.js';

const WORKER = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, kernels } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('scratchnet: a WebAssembly kernel aborted'); } } });
const run = kernels.map((name) => instance.exports[name]);
const ctrl = new Int32Array(control);
${HELPER_LOOP}
`;

/**
 * The workers' Node options: the process's, except --input-type, which would make the workers' CommonJS
 * source (above) an ES module (`node --input-type=module -e ...` had every worker fail on `require`, and
 * the first split product then waited forever for them).
 */
const WORKER_ARGV = process.execArgv.filter((a, i, all) => !a.startsWith('--input-type') && all[i - 1] !== '--input-type');

/** A RowPool of `threads − 1` workers plus the calling thread, which runs `exports`' kernels itself. */
export function createNodePool(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, exports: Readonly<Record<PoolKernel, (...args: number[]) => void>>): RowPool {
  const controls: Int32Array[] = [];
  for (let i = 1; i < threads; i++) {
    const ctrl = controlBlock();
    controls.push(ctrl);
    new Worker(WORKER, { eval: true, execArgv: WORKER_ARGV, workerData: { module, memory, control: ctrl.buffer, kernels: POOL_KERNELS } }).unref();
  }
  return {
    threads,
    run: (kernel, args, m) => dispatch(controls, exports, kernel, args, m, true),
    close: () => stopHelpers(controls),
  };
}
