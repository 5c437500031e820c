/**
 * Layout operations that only move values: select, slice, flip, stack and concatenate along an axis,
 * and the permutation of an int32 tensor. They work for every dtype (ids included), as block copies in
 * TypeScript: each is a loop over the axes before `axis`, copying contiguous runs of the axes after it.
 */
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { allocateAny, type DataOf, type TensorDType } from './dtype.js';
import { normalizeAxis, sizeOf, stridesOf } from './shape.js';
import { Tensor } from './tensor.js';

type Storage = Int32Array | Float32Array | Float64Array;

/** outer · len · inner: the sizes before, at and after `axis`. */
function around(shape: readonly number[], axis: number): { outer: number; len: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), len: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}

function wrap<D extends TensorDType>(data: Storage, shape: readonly number[]): Tensor<D> {
  return new Tensor<D>(data as DataOf<D>, shape);
}

function checkIndex(where: string, i: number, len: number, axis: number, shape: readonly number[]): void {
  if (!Number.isSafeInteger(i) || i < 0 || i >= len) {
    throw new ValueError(`${where}: index ${i} is outside 0 .. ${len - 1} along axis ${axis} of ${fmtShape(shape)}`);
  }
}

/** x[..., index, ...] along `axis`, dropping that axis (numpy's `x[:, t]` for axis 1). */
export function select<D extends TensorDType>(x: Tensor<D>, axis: number, index: number): Tensor<D> {
  const ax = normalizeAxis(axis, x.ndim, 'select');
  const { outer, len, inner } = around(x.shape, ax);
  checkIndex('select', index, len, ax, x.shape);
  const src = x.data as Storage;
  const out = allocateAny(x.dtype, outer * inner);
  for (let o = 0; o < outer; o++) out.set(src.subarray((o * len + index) * inner, (o * len + index + 1) * inner), o * inner);
  return wrap(out, x.shape.filter((_, i) => i !== ax));
}

/** x[..., start:end, ...] along `axis` (a copy; the axis is kept). */
export function slice<D extends TensorDType>(x: Tensor<D>, axis: number, start: number, end: number): Tensor<D> {
  const ax = normalizeAxis(axis, x.ndim, 'slice');
  const { outer, len, inner } = around(x.shape, ax);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end > len || start > end) {
    throw new ValueError(`slice: need whole numbers 0 ≤ start ≤ end ≤ ${len} along axis ${ax} of ${fmtShape(x.shape)}, got start ${start}, end ${end}`);
  }
  const n = end - start;
  const src = x.data as Storage;
  const out = allocateAny(x.dtype, outer * n * inner);
  for (let o = 0; o < outer; o++) out.set(src.subarray((o * len + start) * inner, (o * len + end) * inner), o * n * inner);
  return wrap(out, x.shape.map((d, i) => (i === ax ? n : d)));
}

/** x reversed along `axis` (numpy's `x[:, ::-1]` for axis 1). */
export function flip<D extends TensorDType>(x: Tensor<D>, axis: number): Tensor<D> {
  const ax = normalizeAxis(axis, x.ndim, 'flip');
  const { outer, len, inner } = around(x.shape, ax);
  const src = x.data as Storage;
  const out = allocateAny(x.dtype, x.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < len; i++) out.set(src.subarray((o * len + i) * inner, (o * len + i + 1) * inner), (o * len + len - 1 - i) * inner);
  }
  return wrap(out, x.shape);
}

function checkList(where: string, list: readonly Tensor<TensorDType>[]): Tensor<TensorDType> {
  if (!Array.isArray(list) || list.length === 0) throw new ValueError(`${where}: expected a non-empty list of tensors`);
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new ValueError(`${where}: item ${i} is not a Tensor`);
    if (t.dtype !== list[0]!.dtype) throw new DTypeError(`${where}: item ${i} is ${t.dtype}, item 0 is ${list[0]!.dtype}`);
  });
  return list[0]!;
}

/** The tensors (all of one shape) stacked along a new axis `axis` (numpy's stack). */
export function stack<D extends TensorDType>(list: readonly Tensor<D>[], axis: number): Tensor<D> {
  const first = checkList('stack', list);
  list.forEach((t, i) => {
    if (t.shape.join() !== first.shape.join()) throw new ShapeError(`stack: item ${i} has shape ${fmtShape(t.shape)}, item 0 ${fmtShape(first.shape)}`);
  });
  const ax = normalizeAxis(axis, first.ndim + 1, 'stack');
  const shape = [...first.shape.slice(0, ax), list.length, ...first.shape.slice(ax)];
  const { outer, len, inner } = around(shape, ax);
  const out = allocateAny(first.dtype, sizeOf(shape));
  for (let t = 0; t < len; t++) {
    const src = list[t]!.data as Storage;
    for (let o = 0; o < outer; o++) out.set(src.subarray(o * inner, (o + 1) * inner), (o * len + t) * inner);
  }
  return wrap(out, shape);
}

/** The tensors joined along an existing axis `axis`; the other dimensions must agree (numpy's concatenate). */
export function concat<D extends TensorDType>(list: readonly Tensor<D>[], axis: number): Tensor<D> {
  const first = checkList('concat', list);
  const ax = normalizeAxis(axis, first.ndim, 'concat');
  list.forEach((t, i) => {
    const same = t.ndim === first.ndim && t.shape.every((d, k) => k === ax || d === first.shape[k]);
    if (!same) throw new ShapeError(`concat: item ${i} has shape ${fmtShape(t.shape)}, which differs from item 0 ${fmtShape(first.shape)} outside axis ${ax}`);
  });
  const total = list.reduce((s, t) => s + t.shape[ax]!, 0);
  const shape = first.shape.map((d, k) => (k === ax ? total : d));
  const { outer, inner } = around(shape, ax);
  const out = allocateAny(first.dtype, sizeOf(shape));
  for (let o = 0; o < outer; o++) {
    let at = o * total * inner;
    for (const t of list) {
      const run = t.shape[ax]! * inner;
      out.set((t.data as Storage).subarray(o * run, (o + 1) * run), at);
      at += run;
    }
  }
  return wrap(out, shape);
}

/** The axes of an int32 tensor reordered (float tensors permute through the kernels). */
export function permuteInt(x: Tensor<'int32'>, axes: readonly number[]): Tensor<'int32'> {
  const rank = x.ndim;
  const norm = axes.map((a) => normalizeAxis(a, rank, 'permute'));
  if (norm.length !== rank || new Set(norm).size !== rank) {
    throw new ShapeError(`permute: axes ${JSON.stringify(axes)} are not a permutation of 0 .. ${rank - 1} for shape ${fmtShape(x.shape)}`);
  }
  const shape = norm.map((a) => x.shape[a]!);
  const from = stridesOf(x.shape);
  const strides = norm.map((a) => from[a]!);
  const out = new Int32Array(x.size);
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += idx[d]! * strides[d]!;
    out[i] = x.data[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return new Tensor<'int32'>(out, shape);
}
