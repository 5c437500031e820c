import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, ShapeError, Tensor, ValueError } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('int32 tensors (ids and labels)', () => {
  it('are made with { dtype: "int32" } from nested arrays, typed arrays, zeros and full, stored in an Int32Array', () => {
    const ids = Tensor.from([[3, 1, 4], [1, 5, 9]], { dtype: 'int32' });
    assert.equal(ids.dtype, 'int32');
    assert.ok(ids.data instanceof Int32Array);
    assert.deepEqual(ids.shape, [2, 3]);
    assert.deepEqual(ids.toArray(), [[3, 1, 4], [1, 5, 9]]);
    const src = new Int32Array([7, -1, 2147483647, -2147483648]);
    const t = Tensor.from(src, { dtype: 'int32', shape: [2, 2] });
    src[0] = 0;
    assert.deepEqual(t.toArray(), [[7, -1], [2147483647, -2147483648]], 'copied, the extremes kept');
    assert.deepEqual(Tensor.zeros([2], { dtype: 'int32' }).toArray(), [0, 0]);
    assert.deepEqual(Tensor.full([3], -1, { dtype: 'int32' }).toArray(), [-1, -1, -1]);
    assert.equal(new Tensor<'int32'>(new Int32Array([4, 2]), [2]).dtype, 'int32');
    assert.equal(Tensor.from(new Int32Array([1, 2])).dtype, 'float32', 'an Int32Array without a dtype still gives numbers, as before');
  });

  it('refuse fractions, values outside int32 and non-numbers, naming the value and its position (never rounded or wrapped)', () => {
    assertThrows(() => Tensor.from([1, 2.5], { dtype: 'int32' }), ValueError, /Tensor\.from: int32 holds whole numbers/, /value 1 is 2\.5/);
    assertThrows(() => Tensor.from([2147483648], { dtype: 'int32' }), ValueError, /value 0 is 2147483648/);
    assertThrows(() => Tensor.from([NaN], { dtype: 'int32' }), ValueError, /value 0 is NaN/);
    assertThrows(() => Tensor.full([2], 0.5, { dtype: 'int32' }), ValueError, /Tensor\.full/);
    assertThrows(() => Tensor.from([1.5, 2]).astype('int32'), ValueError, /astype: .*value 0 is 1\.5/);
    assertThrows(() => Tensor.from([1], { dtype: 'int64' as 'int32' }), DTypeError, /unknown dtype "int64"; expected 'float32', 'float64' or 'int32'/);
  });

  it('reshape (sharing data), clone, astype both ways, item, and transpose/permute as layout', () => {
    const ids = Tensor.from([0, 1, 2, 3, 4, 5], { dtype: 'int32' });
    const m = ids.reshape(2, -1);
    assert.deepEqual(m.shape, [2, 3]);
    assert.equal(m.data, ids.data);
    assert.equal(m.dtype, 'int32');
    const c = m.clone();
    assert.notEqual(c.data, m.data);
    assert.deepEqual(c.toArray(), m.toArray());
    assert.deepEqual(m.transpose().toArray(), [[0, 3], [1, 4], [2, 5]]);
    assert.deepEqual(m.reshape(1, 2, 3).permute(2, 0, 1).toArray(), [[[0, 3]], [[1, 4]], [[2, 5]]]);
    const f = m.astype('float64');
    assert.equal(f.dtype, 'float64');
    assert.deepEqual(f.toArray(), [[0, 1, 2], [3, 4, 5]]);
    assert.deepEqual(f.astype('int32').toArray(), [[0, 1, 2], [3, 4, 5]]);
    assert.equal(Tensor.from([42], { dtype: 'int32' }).item(), 42);
    assert.ok(ids.isFinite());
  });

  it('slice along time: select(1, t) is xs[:, t], slice(1, a, b) is xs[:, a:b], flip(1) is xs[:, ::-1]', () => {
    const xs = Tensor.from([[1, 2, 3, 4], [5, 6, 7, 8]], { dtype: 'int32' });
    assert.deepEqual(xs.select(1, 2).toArray(), [3, 7]);
    assert.equal(xs.select(1, 2).dtype, 'int32');
    assert.deepEqual(xs.slice(1, 0, 3).toArray(), [[1, 2, 3], [5, 6, 7]]);
    assert.deepEqual(xs.slice(1, 1, 4).toArray(), [[2, 3, 4], [6, 7, 8]]);
    assert.deepEqual(xs.flip(1).toArray(), [[4, 3, 2, 1], [8, 7, 6, 5]]);
    assert.deepEqual(xs.select(0, 1).toArray(), [5, 6, 7, 8]);
    assert.deepEqual(Tensor.stack([xs.select(1, 0), xs.select(1, 1)], 1).toArray(), [[1, 2], [5, 6]]);
    assert.deepEqual(Tensor.concat([xs.slice(1, 2, 4), xs.slice(1, 0, 2)], 1).toArray(), [[3, 4, 1, 2], [7, 8, 5, 6]]);
  });

  it('refuse float arithmetic with a DTypeError naming the operation', () => {
    const ids = Tensor.from([[1, 2]], { dtype: 'int32' }) as unknown as Tensor;
    const f = Tensor.from([[1, 2]]);
    const cases: [string, () => unknown][] = [
      ['add', () => ids.add(1)], ['add', () => f.add(ids)], ['sub', () => ids.sub(f)], ['mul', () => ids.mul(2)], ['div', () => ids.div(2)],
      ['rsub', () => ids.rsub(1)], ['rdiv', () => ids.rdiv(1)], ['exp', () => ids.exp()], ['log', () => ids.log()], ['tanh', () => ids.tanh()],
      ['sigmoid', () => ids.sigmoid()], ['sum', () => ids.sum()], ['max', () => ids.max(1)], ['mean', () => ids.mean()],
      ['matmul', () => ids.matmul(f, { transB: true })], ['matmul', () => f.matmul(ids, { transB: true })], ['logSoftmax', () => ids.logSoftmax()],
      ['argmax', () => ids.argmax(1)], ['kernels', () => ids.kernels],
    ];
    for (const [op, run] of cases) assertThrows(run, DTypeError, new RegExp(`^${op}: not defined for int32 tensors, which hold ids and labels; convert with \\.astype\\('float32'\\)`));
    assertThrows(() => Tensor.zeros([2], { dtype: 'int32' }).assign(Tensor.zeros([2]) as unknown as Tensor<'int32'>), DTypeError, /assign: dtypes differ \(int32 and float32\)/);
    assertThrows(() => Tensor.randn([2], undefined as never, { dtype: 'int32' as 'float32' }), DTypeError, /Tensor\.randn: int32 holds ids and labels/);
  });

  it('do not change what they were made from or sliced from', () => {
    const xs = Tensor.from([[1, 2, 3], [4, 5, 6]], { dtype: 'int32' });
    const before = Array.from(xs.data);
    xs.select(1, 0).data[0] = 99;
    xs.slice(1, 0, 2).data[0] = 99;
    xs.flip(1).data[0] = 99;
    Tensor.stack([xs, xs], 0).data[0] = 99;
    assert.deepEqual(Array.from(xs.data), before);
  });
});

describe('layout operations on float tensors', () => {
  it('select, slice, flip, stack and concat match numpy indexing on a (2, 3, 2) tensor', () => {
    const x = Tensor.from([[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]], { dtype: 'float64' });
    assert.deepEqual(x.select(1, 1).toArray(), [[2, 3], [8, 9]]);
    assert.deepEqual(x.select(-1, 0).toArray(), [[0, 2, 4], [6, 8, 10]]);
    assert.deepEqual(x.slice(2, 1, 2).toArray(), [[[1], [3], [5]], [[7], [9], [11]]]);
    assert.deepEqual(x.slice(1, 1, 1).shape, [2, 0, 2]);
    assert.deepEqual(x.flip(1).toArray(), [[[4, 5], [2, 3], [0, 1]], [[10, 11], [8, 9], [6, 7]]]);
    const steps = [0, 1, 2].map((t) => x.select(1, t));
    assert.deepEqual(Tensor.stack(steps, 1).toArray(), x.toArray(), 'stacking the time steps back gives x');
    assert.deepEqual(Tensor.concat([x.slice(2, 0, 1), x.slice(2, 1, 2)], 2).toArray(), x.toArray());
    assert.deepEqual(Tensor.concat([x, x], 0).shape, [4, 3, 2]);
    assert.equal(Tensor.stack(steps, 1).dtype, 'float64');
  });

  it('explain bad indices, ranges, shapes and mixed dtypes', () => {
    const x = Tensor.zeros([2, 3]);
    assertThrows(() => x.select(1, 3), ValueError, /select: index 3 is outside 0 \.\. 2 along axis 1 of \[2, 3\]/);
    assertThrows(() => x.select(2, 0), ValueError, /axis 2 is out of range/);
    assertThrows(() => x.slice(1, 2, 1), ValueError, /slice: need whole numbers 0 ≤ start ≤ end ≤ 3 .* got start 2, end 1/);
    assertThrows(() => Tensor.stack([x, Tensor.zeros([3, 2])], 0), ShapeError, /stack: item 1 has shape \[3, 2\], item 0 \[2, 3\]/);
    assertThrows(() => Tensor.concat([x, Tensor.zeros([3, 3])], 1), ShapeError, /concat: item 1 has shape \[3, 3\]/);
    assertThrows(() => Tensor.concat([x, Tensor.zeros([2, 3], { dtype: 'float64' })], 1), DTypeError, /concat: item 1 is float64, item 0 is float32/);
    assertThrows(() => Tensor.stack([], 0), ValueError, /non-empty list/);
  });
});
