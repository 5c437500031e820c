import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { referenceKernels, type ConvGeometry, type Kernels } from '../../src/index.js';
import { routeByThreads } from '../../src/backend/wasm/route.js';
import { THREAD_MIN_COLUMN_FLOATS } from '../../src/backend/wasm/wasm-kernels.js';

/** The reference kernels under a name, recording which kernel each call reached. */
function recording(name: string, calls: string[]): Kernels & { threads: number } {
  const k: Record<string, unknown> = { ...referenceKernels, name, threads: name === 'shared' ? 2 : 1 };
  for (const [key, f] of Object.entries(referenceKernels)) {
    if (typeof f === 'function') k[key] = (...args: unknown[]) => (calls.push(`${name}.${key}`), (f as (...a: unknown[]) => unknown)(...args));
  }
  return k as unknown as Kernels & { threads: number };
}

describe('two threads: which instance runs a kernel', () => {
  it('only work split across threads goes to the shared-memory instance; the rest stays on plain memory', () => {
    const calls: string[] = [];
    const k = routeByThreads(recording('plain', calls), recording('shared', calls), 1000);
    assert.equal(k.name, 'shared');
    assert.equal(k.threads, 2);
    const f = (n: number) => new Float32Array(n);
    k.matmul(f(8 * 10), f(10 * 12), null, 8, 12, 10, false, false); // 960 multiply-adds: below the threshold
    k.matmul(f(8 * 10), f(10 * 13), null, 8, 13, 10, false, false); // 1040: split
    k.matmul(f(4 * 100), f(100 * 100), null, 4, 100, 100, false, false); // large, but fewer than 8 rows: not split
    const small: ConvGeometry = { N: 2, C: 1, H: 4, W: 4, FH: 3, FW: 3, stride: 1, pad: 1, OH: 4, OW: 4 };
    const side = Math.ceil(Math.sqrt(THREAD_MIN_COLUMN_FLOATS / 2 / 9)) + 1; // 2 samples of side² positions × 9: just over the threshold
    const large: ConvGeometry = { N: 2, C: 1, H: side, W: side, FH: 3, FW: 3, stride: 1, pad: 1, OH: side, OW: side };
    const cols = k.im2col(f(2 * 16), null, small, 0);
    k.col2im(cols, null, small);
    const bigCols = k.im2col(f(2 * side * side), null, large, 0);
    k.col2im(bigCols, null, large);
    k.unary('relu', f(1000), null);
    k.axpy(0.5, f(1000), f(1000));
    assert.deepEqual(calls, ['plain.matmul', 'shared.matmul', 'plain.matmul', 'plain.im2col', 'plain.col2im', 'shared.im2col', 'shared.col2im', 'plain.unary', 'plain.axpy']);
  });
});
