import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Affine, BatchNormalization, Convolution, DTypeError, Rng, ShapeError, Tensor, ValueError, getBackend, loadWasmKernels, referenceKernels, setBackend, type Kernels } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

// `matmul(…, { out })` and `sum(axis, { out })` write into a tensor the caller keeps: the same bits as
// the result made fresh, on every backend, and the layers' gradients stay the same tensors.

const native = (() => {
  try {
    setBackend('native');
    return getBackend();
  } catch {
    return null;
  }
})();
const backends: [string, Kernels][] = [['reference', referenceKernels], ['wasm', loadWasmKernels()!], ...(native ? [['native', native] as [string, Kernels]] : [])];

function same(a: Tensor, b: Tensor, label: string): void {
  assert.equal(a.size, b.size, label);
  for (let i = 0; i < a.size; i++) if (!Object.is(a.data[i], b.data[i])) assert.fail(`${label}: entry ${i} is ${a.data[i]}, fresh ${b.data[i]}`);
}

describe('matmul and sum into an existing result', () => {
  for (const [name, kernels] of backends) {
    it(`gives the fresh result's bits, every transpose form, bias and blocks (${name})`, () => {
      setBackend(kernels);
      const rng = new Rng(5);
      for (const [m, n, k] of [[7, 5, 3], [64, 50, 100], [120, 30, 75]] as const) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const a = Tensor.randn(transA ? [k, m] : [m, k], rng);
            const b = Tensor.randn(transB ? [n, k] : [k, n], rng);
            const bias = Tensor.randn([n], rng);
            const out = Tensor.full([m * n], 7);
            const got = a.matmul(b, { transA, transB, bias, out });
            assert.equal(got, out, 'returns the tensor it was given');
            same(out, a.matmul(b, { transA, transB, bias }), `${m}×${n}×${k} transA ${transA} transB ${transB}`);
            const blocks = m % 2 === 0 ? 2 : 1;
            same(a.matmul(b, { transA, transB, transposeBlocks: blocks, out: Tensor.zeros([m, n]) }), a.matmul(b, { transA, transB, transposeBlocks: blocks }), 'blocks');
          }
        }
      }
      const x = Tensor.randn([300, 40], rng);
      same(x.sum(0, { out: Tensor.full([40], 3) }), x.sum(0), 'sum over rows');
      same(x.sum(1, { out: Tensor.full([300], 3) }), x.sum(1), 'sum over columns');
      same(x.sum(undefined, { out: Tensor.full([1], 3) }), x.sum(), 'sum of all');
    });
  }

  it('refuses an out of another dtype or size, or one that shares memory with an operand', () => {
    setBackend(referenceKernels);
    const a = Tensor.ones([4, 3]), b = Tensor.ones([3, 2]);
    assertThrows(() => a.matmul(b, { out: Tensor.zeros([4, 2], { dtype: 'float64' }) }), DTypeError, /matmul: out is float64 but the operands are float32/);
    assertThrows(() => a.matmul(b, { out: Tensor.zeros([4, 3]) }), ShapeError, /matmul: out must hold the result's 8 values, got shape \[4, 3\] \(12\)/);
    assertThrows(() => a.matmul(a.reshape(3, 4), { out: Tensor.zeros([12]) }), ShapeError, /16 values/);
    const sq = Tensor.ones([3, 3]);
    assertThrows(() => sq.matmul(sq, { out: sq.reshape(9) }), ValueError, /out shares its memory with an operand/);
    assertThrows(() => a.sum(0, { out: Tensor.zeros([4]) }), ShapeError, /sum: out must hold the result's 3 values/);
    assertThrows(() => a.sum(0, { out: [0, 0, 0] as unknown as Tensor }), ValueError, /sum: out must be a Tensor, got object/);
  });
});

describe('the layers write their gradients into the tensors they keep', () => {
  for (const [name, kernels] of backends) {
    it(`Affine, Convolution and BatchNormalization (${name})`, () => {
      setBackend(kernels);
      const rng = new Rng(9);
      const affine = new Affine(Tensor.randn([20, 6], rng), Tensor.randn([6], rng));
      const conv = new Convolution(Tensor.randn([4, 2, 3, 3], rng), Tensor.randn([4], rng), 1, 1);
      const bn = new BatchNormalization(Tensor.ones([6]), Tensor.zeros([6]));
      for (const [layer, x] of [[affine, Tensor.randn([30, 20], rng)], [conv, Tensor.randn([3, 2, 8, 8], rng)], [bn, Tensor.randn([30, 6], rng)]] as const) {
        const held = { ...layer.grads };
        for (let round = 0; round < 2; round++) {
          const y = layer.forward(x, { train: true });
          layer.backward(Tensor.randn([...y.shape], rng));
          for (const [key, g] of Object.entries(layer.grads)) assert.equal(g, held[key as keyof typeof held], `${layer.kind}.grads.${key} is the same tensor`);
        }
      }
      // the values: Affine's dW = xᵀ·dout and db = Σ dout, computed here with fresh results
      const x = Tensor.randn([30, 20], rng);
      affine.forward(x);
      const dout = Tensor.randn([30, 6], rng);
      affine.backward(dout);
      same(affine.grads.W, x.matmul(dout, { transA: true }), 'Affine dW');
      same(affine.grads.b, dout.sum(0), 'Affine db');
    });
  }

  for (const [name, kernels] of backends) {
    it(`Convolution reusing its columns between steps gives a fresh layer's bits, batch sizes changing (${name})`, () => {
      setBackend(kernels);
      const rng = new Rng(11);
      const W = Tensor.randn([5, 3, 3, 3], rng), b = Tensor.randn([5], rng);
      const kept = new Convolution(W.clone(), b.clone(), 1, 1);
      for (const N of [4, 4, 2, 4]) {
        const x = Tensor.randn([N, 3, 9, 9], rng);
        const dout = Tensor.randn([N, 5, 9, 9], rng);
        const fresh = new Convolution(W.clone(), b.clone(), 1, 1);
        same(kept.forward(x), fresh.forward(x), `forward, N = ${N}`);
        same(kept.backward(dout), fresh.backward(dout), `dx, N = ${N}`);
        same(kept.grads.W, fresh.grads.W, `dW, N = ${N}`);
        same(kept.grads.b, fresh.grads.b, `db, N = ${N}`);
      }
    });
  }
});
