import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, Tensor, ValueError, allclose } from '../../src/index.js';
import { assertClose, assertThrows, snapshot, t64 } from '../helpers.js';

describe('Tensor creation', () => {
  it('builds from nested arrays with the inferred shape, float32 by default', () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float32');
    assert.ok(t.data instanceof Float32Array);
    assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
    assert.equal(Tensor.from(3.5).ndim, 0);
    assert.equal(Tensor.from(3.5).item(), 3.5);
  });

  it('builds from typed arrays (copied) with a shape, and converts dtypes', () => {
    const src = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = Tensor.from(src, { shape: [3, -1] });
    assert.equal(t.dtype, 'float64');
    assert.deepEqual(t.shape, [3, 2]);
    src[0] = 99;
    assert.equal(t.data[0], 1, 'the tensor must not share the caller\'s buffer');
    const f = Tensor.from(src, { dtype: 'float32', shape: [6] });
    assert.ok(f.data instanceof Float32Array);
  });

  it('rejects ragged arrays, non-numbers, bad shapes and unknown dtypes', () => {
    assertThrows(() => Tensor.from([[1, 2], [3]]), ShapeError, /ragged/, /expected length 2 at \[1\]/);
    assertThrows(() => Tensor.from([1, 'a' as unknown as number]), ValueError, /expected a number at \[1\]/);
    assertThrows(() => Tensor.from([1, 2, 3], { shape: [2, 2] }), ShapeError, /\[3\].*\[2, 2\]/);
    assertThrows(() => Tensor.zeros([2, -1]), ShapeError, /non-negative integers/);
    assertThrows(() => Tensor.zeros([2], { dtype: 'int8' as 'float32' }), DTypeError, /unknown dtype "int8"/);
  });

  it('makes zeros, ones, full and seeded random tensors', () => {
    assert.deepEqual(Tensor.zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
    assert.deepEqual(Tensor.ones([3], { dtype: 'float64' }).toArray(), [1, 1, 1]);
    assert.deepEqual(Tensor.full([2], 7).toArray(), [7, 7]);
    const a = Tensor.randn([50], new Rng(1), { std: 0.01 });
    const b = Tensor.randn([50], new Rng(1), { std: 0.01 });
    assert.deepEqual(snapshot(a), snapshot(b));
    assert.ok(Math.max(...snapshot(a.abs())) < 0.05);
    const u = Tensor.uniform([1000], new Rng(2), { low: -1, high: 1 });
    assert.ok(u.max().item() < 1 && u.neg().max().item() <= 1);
  });
});

describe('Tensor shape operations', () => {
  it('reshapes with -1 and shares data like numpy; refuses impossible shapes', () => {
    const t = Tensor.from([1, 2, 3, 4, 5, 6]);
    assert.deepEqual(t.reshape(2, -1).shape, [2, 3]);
    assert.deepEqual(t.reshape([-1, 2]).shape, [3, 2]);
    assertThrows(() => t.reshape(4, -1), ShapeError, /6 is not a multiple of 4/);
    assertThrows(() => t.reshape(-1, -1), ShapeError, /only one dimension can be -1/);
    assertThrows(() => t.reshape(5), ShapeError, /\[6\].*\[5\]/);
  });

  it('permutes axes like numpy for every permutation of a 4-D tensor', () => {
    const shape = [2, 3, 4, 5];
    const x = Tensor.from(Array.from({ length: 120 }, (_, i) => i), { shape, dtype: 'float64' });
    const perms: number[][] = [];
    const build = (p: number[]) => (p.length === 4 ? perms.push(p) : [0, 1, 2, 3].filter((a) => !p.includes(a)).forEach((a) => build([...p, a])));
    build([]);
    assert.equal(perms.length, 24);
    for (const p of perms) {
      const y = x.permute(...p);
      assert.deepEqual(y.shape, p.map((a) => shape[a]));
      // y[i0, i1, i2, i3] = x[j] with j[p[k]] = i[k]
      for (let flat = 0; flat < 120; flat += 7) {
        const idx = [0, 0, 0, 0];
        let r = flat;
        for (let d = 3; d >= 0; d--) {
          idx[d] = r % y.shape[d]!;
          r = Math.floor(r / y.shape[d]!);
        }
        const src = [0, 0, 0, 0];
        p.forEach((a, k) => (src[a] = idx[k]!));
        assert.equal(y.data[flat], ((src[0]! * 3 + src[1]!) * 4 + src[2]!) * 5 + src[3]!, `perm ${p}`);
      }
    }
    assertThrows(() => x.permute(0, 1, 2), ShapeError, /not a permutation of 0 \.\. 3/);
  });

  it('transposes 2-D tensors', () => {
    assert.deepEqual(Tensor.from([[1, 2, 3], [4, 5, 6]]).transpose().toArray(), [[1, 4], [2, 5], [3, 6]]);
    assertThrows(() => Tensor.zeros([2, 2, 2]).transpose(), ShapeError, /2-D/);
  });
});

describe('element-wise operations and broadcasting', () => {
  const a = t64([[1, 2, 3], [4, 5, 6]]);

  it('computes with scalars on either side', () => {
    assert.deepEqual(a.add(1).toArray(), [[2, 3, 4], [5, 6, 7]]);
    assert.deepEqual(a.rsub(1).toArray(), [[0, -1, -2], [-3, -4, -5]]);
    assert.deepEqual(t64([1, 2, 4]).rdiv(1).toArray(), [1, 0.5, 0.25]);
    assert.deepEqual(a.maximum(3).toArray(), [[3, 3, 3], [4, 5, 6]]);
    assert.deepEqual(a.greater(3).toArray(), [[0, 0, 0], [1, 1, 1]]);
  });

  it('logSoftmax works over the last axis of any rank, including empty batches, and refuses a scalar', () => {
    const x = t64([[[0, Math.log(3)]], [[1, 1]]]);
    const y = x.logSoftmax();
    assert.deepEqual(y.shape, [2, 1, 2]);
    assertClose(y.exp(), [[[0.25, 0.75]], [[0.5, 0.5]]], { rtol: 1e-15, atol: 1e-15 });
    assert.deepEqual(Tensor.zeros([0, 10]).logSoftmax().shape, [0, 10]);
    assertThrows(() => t64(1).logSoftmax(), ShapeError, /scalar/);
  });

  it('onlyWherePositive keeps this where the mask is above 0 (0, −0, −1 and NaN masks give 0)', () => {
    const mask = t64([[2, 0, -0], [-1, NaN, 1e-300]]);
    assert.deepEqual(a.onlyWherePositive(mask).toArray(), [[1, 0, 0], [0, 0, 6]]);
    assert.deepEqual(t64([NaN, Infinity]).onlyWherePositive(t64([1, -1])).toArray(), [NaN, 0]);
    assert.deepEqual(a.onlyWherePositive(t64([1, 0, 1])).toArray(), [[1, 0, 3], [4, 0, 6]]); // broadcast
    assert.deepEqual(a.onlyWherePositive(-1).toArray(), [[0, 0, 0], [0, 0, 0]]);
    assert.deepEqual(a.onlyWherePositive(2).toArray(), a.toArray());
  });

  it('broadcasts rows ([N, M] with [M]) and columns ([N, M] with [N, 1])', () => {
    assert.deepEqual(a.add(t64([10, 20, 30])).toArray(), [[11, 22, 33], [14, 25, 36]]);
    assert.deepEqual(a.sub(t64([[1], [4]])).toArray(), [[0, 1, 2], [0, 1, 2]]);
    assert.deepEqual(t64([10, 20, 30]).sub(a).toArray(), [[9, 18, 27], [6, 15, 24]]);
    assert.deepEqual(a.div(t64([[1], [2]])).toArray(), [[1, 2, 3], [2, 2.5, 3]]);
    const x = Tensor.from(Array.from({ length: 24 }, (_, i) => i), { shape: [2, 3, 4], dtype: 'float64' });
    const col = x.sum(-1, { keepdims: true });
    assertClose(x.div(col).sum(-1), [[1, 1, 1], [1, 1, 1]], { rtol: 1e-15 });
  });

  it('refuses broadcasting the math does not define, naming both shapes', () => {
    assertThrows(() => a.add(t64([1, 2])), ShapeError, /add: shapes \[2, 3\] and \[2\] do not broadcast/);
    assertThrows(() => t64([[1], [2]]).mul(t64([1, 2, 3])), ShapeError, /outer broadcast/);
    assertThrows(() => a.add(Tensor.zeros([2, 3])), DTypeError, /float64 and float32/, /astype/);
    assertThrows(() => a.add('1' as unknown as number), ValueError, /Tensor or a number/);
  });

  it('isFinite finds a NaN or ±∞ anywhere (every position of the four-wide loop and its tail)', () => {
    assert.ok(Tensor.zeros([0]).isFinite());
    assert.ok(Tensor.from([1e38, -3.4e38, 0, -0, 1e-45]).isFinite());
    for (const bad of [NaN, Infinity, -Infinity])
      for (const n of [1, 4, 7])
        for (let at = 0; at < n; at++) {
          const d = Array.from({ length: n }, (_, i) => (i === at ? bad : i + 0.5));
          assert.equal(Tensor.from(d, { dtype: 'float64' }).isFinite(), false, `${bad} at ${at} of ${n}`);
        }
  });

  it('applies unary functions, with a sigmoid that does not overflow', () => {
    assertClose(t64([0, 1]).exp(), [1, Math.E]);
    assertClose(t64([1, Math.E]).log(), [0, 1]);
    const s = t64([-1e4, -1000, 0, 1000, 1e4]).sigmoid();
    assert.deepEqual(s.toArray(), [0, 0, 0.5, 1, 1]);
    const f = Tensor.from([-1000, 1000]).sigmoid();
    assert.ok(f.isFinite());
    assert.deepEqual(t64([-2, 0, 3]).relu().toArray(), [0, 0, 3]);
    for (const dtype of ['float32', 'float64'] as const) {
      const r = Tensor.from([-Infinity, Infinity, -0, NaN, -1e-30], { dtype }).relu().toArray() as number[];
      assert.deepEqual(r.slice(0, 3), [0, Infinity, 0]);
      assert.ok(Object.is(r[2], 0), 'relu(-0) is +0');
      assert.ok(Number.isNaN(r[3]));
      assert.ok(Object.is(r[4], 0));
    }
  });

  it('never changes its operands', () => {
    const x = t64([[1, -2], [3, -4]]);
    const y = t64([5, 6]);
    const before = [snapshot(x), snapshot(y)];
    x.add(y); x.mul(y); x.exp(); x.sum(0); x.matmul(x, { transA: true }); x.relu(); x.transpose();
    assert.deepEqual([snapshot(x), snapshot(y)], before);
  });
});

describe('reductions', () => {
  const a = t64([[1, 5, 3], [4, 2, 6]]);
  it('sums, maxes and averages over an axis or everything', () => {
    assert.equal(a.sum().item(), 21);
    assert.deepEqual(a.sum(0).toArray(), [5, 7, 9]);
    assert.deepEqual(a.sum(1, { keepdims: true }).toArray(), [[9], [12]]);
    assert.deepEqual(a.max(1).toArray(), [5, 6]);
    assert.deepEqual(a.max(-2).toArray(), [4, 5, 6]);
    assert.equal(a.mean().item(), 3.5);
    assert.deepEqual(a.mean(0).toArray(), [2.5, 3.5, 4.5]);
  });
  it('finds the first arg-max, with NaN counting as the maximum', () => {
    assert.deepEqual([...a.argmax(1)], [1, 2]);
    assert.deepEqual([...a.argmax(0)], [1, 0, 1]);
    assert.deepEqual([...a.argmax()], [5]);
    assert.deepEqual([...t64([[1, 3, 3]]).argmax(1)], [1]);
    assert.deepEqual([...t64([[1, NaN, 3]]).argmax(1)], [1]);
    assert.ok(Number.isNaN(t64([1, NaN, 3]).max().item()));
  });
  it('rejects bad axes and empty maxima', () => {
    assertThrows(() => a.sum(2), ValueError, /axis 2 is out of range for a tensor of rank 2/);
    assertThrows(() => Tensor.zeros([0]).max(), ShapeError, /empty/);
    assertThrows(() => Tensor.zeros([2, 0]).argmax(1), ShapeError, /empty/);
  });
});

describe('matmul', () => {
  it('multiplies with every transpose flag without copying', () => {
    const A = t64([[1, 2], [3, 4], [5, 6]]); // 3×2
    const B = t64([[1, 0, 2], [0, 1, 3]]); // 2×3
    const expected = [[1, 2, 8], [3, 4, 18], [5, 6, 28]];
    assert.deepEqual(A.matmul(B).toArray(), expected);
    assert.deepEqual(A.transpose().matmul(B, { transA: true }).toArray(), expected);
    assert.deepEqual(A.matmul(B.transpose(), { transB: true }).toArray(), expected);
    assert.deepEqual(A.transpose().matmul(B.transpose(), { transA: true, transB: true }).toArray(), expected);
  });
  it('names the mismatched inner dimensions', () => {
    const A = Tensor.zeros([100, 784]);
    assertThrows(() => A.matmul(Tensor.zeros([50, 10])), ShapeError, /inner dimensions differ/, /\[100, 784\]/, /\[50, 10\]/);
    assertThrows(() => A.matmul(Tensor.zeros([784])), ShapeError, /2-D/, /reshape a vector/);
  });
  it('adds a bias row to every row of the product (worked by hand), and names a bias of the wrong shape or dtype', () => {
    const A = t64([[1, 2], [3, 4]]);
    const B = t64([[1, 0, 2], [0, 1, 3]]);
    assert.deepEqual(A.matmul(B, { bias: t64([10, 20, 30]) }).toArray(), [[11, 22, 38], [13, 24, 48]]);
    assert.deepEqual(A.matmul(A, { transA: true, bias: t64([-1, 1]) }).toArray(), [[9, 15], [13, 21]]);
    assertThrows(() => A.matmul(B, { bias: t64([1, 2]) }), ShapeError, /bias must have shape \[3\]/, /got \[2\]/);
    assertThrows(() => A.matmul(B, { bias: t64([[1, 2, 3]]) }), ShapeError, /\[3\]/, /\[1, 3\]/);
    assertThrows(() => A.matmul(B, { bias: Tensor.zeros([3]) }), DTypeError, /float64/, /float32/);
  });
  it('hands back each block of rows transposed with transposeBlocks (worked by hand), and names a count that does not divide the rows', () => {
    const A = t64([[1, 2], [3, 4], [5, 6], [7, 8]]); // 4×2: two blocks of 2 rows
    const I = t64([[1, 0], [0, 1]]);
    assert.deepEqual(A.matmul(I, { transposeBlocks: 2 }).toArray(), [[[1, 3], [2, 4]], [[5, 7], [6, 8]]]);
    assert.deepEqual(A.matmul(I, { transposeBlocks: 2, bias: t64([10, 20]) }).toArray(), [[[11, 13], [22, 24]], [[15, 17], [26, 28]]]);
    assert.deepEqual(A.matmul(I, { transposeBlocks: 4 }).shape, [4, 2, 1]);
    for (const dtype of ['float32', 'float64'] as const)
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const rng = new Rng(5);
        const a = Tensor.randn(transA ? [7, 12] : [12, 7], rng, { dtype });
        const b = Tensor.randn(transB ? [5, 7] : [7, 5], rng, { dtype });
        const bias = Tensor.randn([5], rng, { dtype });
        const plain = a.matmul(b, { transA, transB, bias }).reshape(3, 4, 5).permute(0, 2, 1);
        assert.deepEqual(a.matmul(b, { transA, transB, bias, transposeBlocks: 3 }).toArray(), plain.toArray(), `${dtype} transA=${transA} transB=${transB}`);
      }
    assert.deepEqual(Tensor.zeros([0, 2]).matmul(Tensor.zeros([2, 3]), { transposeBlocks: 0 }).shape, [0, 3, 0]);
    assertThrows(() => A.matmul(I, { transposeBlocks: 3 }), ValueError, /transposeBlocks/, /divides the product's 4 rows/, /got 3/);
    assertThrows(() => A.matmul(I, { transposeBlocks: 0 }), ValueError, /got 0/);
    assertThrows(() => A.matmul(I, { transposeBlocks: 1.5 }), ValueError, /got 1.5/);
  });
});

describe('allclose', () => {
  it('uses numpy tolerances and never calls NaN close', () => {
    assert.ok(allclose(t64([1, 2]), t64([1, 2 + 1e-6])));
    assert.ok(!allclose(t64([1, 2]), t64([1, 2.01])));
    assert.ok(!allclose(t64([NaN]), t64([NaN])));
    assert.ok(allclose(t64([Infinity]), t64([Infinity])));
    assertThrows(() => allclose(t64([1]), t64([1, 2])), ShapeError, /shapes differ/);
  });
});
