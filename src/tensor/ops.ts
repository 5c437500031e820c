/**
 * Tensor operations: shape and dtype checks with typed errors, then one call
 * into the kernels. No numeric loops live here.
 */
import type { BinaryOp, ReduceOp, UnaryOp } from '../backend/kernels.js';
import { kernelsFor } from '../backend/index.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { allocate, checkFloat } from './dtype.js';
import { broadcast, normalizeAxis, sizeOf, stridesOf } from './shape.js';
import { Tensor } from './tensor.js';

export function checkSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(`${op}: dtypes differ (${a.dtype} and ${b.dtype}); convert one with .astype('${a.dtype}')`);
  }
}

export function checkSameShape(op: string, a: Tensor, b: Tensor): void {
  checkSameDType(op, a, b);
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${op}: expected shape ${fmtShape(a.shape)}, got ${fmtShape(b.shape)}`);
  }
}

/**
 * Checks a result tensor given as `out`: a float tensor of the operands' dtype holding `size` values,
 * whose memory no operand shares (a kernel that reads what it writes would read its own results).
 */
function checkOut(op: string, out: unknown, dtype: string, size: number, operands: readonly (Tensor | undefined)[]): asserts out is Tensor {
  if (!(out instanceof Tensor)) throw new ValueError(`${op}: out must be a Tensor, got ${out === null ? 'null' : typeof out}`);
  if (out.dtype !== dtype) throw new DTypeError(`${op}: out is ${out.dtype} but the operands are ${dtype}`);
  if (out.size !== size) throw new ShapeError(`${op}: out must hold the result's ${size} values, got shape ${fmtShape(out.shape)} (${out.size})`);
  if (operands.some((t) => t !== undefined && t.data.buffer === out.data.buffer)) {
    throw new ValueError(`${op}: out shares its memory with an operand; pass a tensor of its own (the result would overwrite what it reads)`);
  }
}

function checkScalar(op: string, s: number): void {
  if (typeof s !== 'number') throw new ValueError(`${op}: expected a Tensor or a number, got ${s === null ? 'null' : typeof s}`);
}

export function binary(op: BinaryOp, a: Tensor, b: Tensor | number): Tensor {
  checkFloat(op, a);
  if (b instanceof Tensor) checkFloat(op, b);
  if (typeof b === 'number' || !(b instanceof Tensor)) {
    checkScalar(op, b as number);
    const out = kernelsFor(a.dtype).binaryScalar(op, a.data, b as number, null, false);
    return new Tensor(out, a.shape);
  }
  checkSameDType(op, a, b);
  const bc = broadcast(op, a.shape, b.shape);
  const out = kernelsFor(a.dtype).binary(op, a.data, bc.aStrides, b.data, bc.bStrides, null, bc.kernelShape);
  return new Tensor(out, bc.shape);
}

export function binaryScalarFirst(op: BinaryOp, s: number, a: Tensor): Tensor {
  checkFloat(op === 'sub' ? 'rsub' : 'rdiv', a);
  checkScalar(op, s);
  const out = kernelsFor(a.dtype).binaryScalar(op, a.data, s, null, true);
  return new Tensor(out, a.shape);
}

export function unary(op: UnaryOp, a: Tensor): Tensor {
  checkFloat(op, a);
  const out = kernelsFor(a.dtype).unary(op, a.data, null);
  return new Tensor(out, a.shape);
}

export function matmul(a: Tensor, b: Tensor, transA: boolean, transB: boolean, bias?: Tensor, blocks?: number, out?: Tensor): Tensor {
  if (!(b instanceof Tensor)) throw new ValueError(`matmul: expected a Tensor, got ${typeof b}`);
  checkFloat('matmul', a);
  checkFloat('matmul', b);
  if (a.ndim !== 2 || b.ndim !== 2) {
    const hint = a.ndim === 1 || b.ndim === 1 ? '; reshape a vector to [1, n] or [n, 1]' : '';
    throw new ShapeError(`matmul: expects 2-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}${hint}`);
  }
  checkSameDType('matmul', a, b);
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [k2, n] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== k2) {
    const ta = transA ? 'ᵀ' : '';
    const tb = transB ? 'ᵀ' : '';
    throw new ShapeError(
      `matmul: inner dimensions differ: A${ta} is [${m}, ${k}] (from ${fmtShape(a.shape)}), B${tb} is [${k2}, ${n}] (from ${fmtShape(b.shape)})`,
    );
  }
  if (bias !== undefined) {
    if (!(bias instanceof Tensor)) throw new ValueError(`matmul: bias must be a Tensor, got ${bias === null ? 'null' : typeof bias}`);
    checkSameDType('matmul bias', a, bias);
    if (bias.ndim !== 1 || bias.shape[0] !== n) {
      throw new ShapeError(`matmul: bias must have shape [${n}] (one value per output column), got ${fmtShape(bias.shape)}`);
    }
  }
  if (blocks !== undefined && !(Number.isSafeInteger(blocks) && ((blocks >= 1 && m % blocks === 0) || (blocks === 0 && m === 0)))) {
    throw new ValueError(`matmul: transposeBlocks must be a whole number ≥ 1 that divides the product's ${m} rows (0 only for no rows), got ${blocks}`);
  }
  if (out !== undefined) {
    checkOut('matmul', out, a.dtype, m * n, [a, b, bias]);
    if (m * n > 0) kernelsFor(a.dtype).matmul(a.data, b.data, out.data, m, n, k, transA, transB, bias?.data, blocks === 0 ? undefined : blocks);
    return out;
  }
  if (blocks === 0) return new Tensor(allocate(a.dtype, 0), [0, n, 0]); // an empty batch: no blocks
  const result = kernelsFor(a.dtype).matmul(a.data, b.data, null, m, n, k, transA, transB, bias?.data, blocks);
  return new Tensor(result, blocks === undefined ? [m, n] : [blocks, n, m / blocks]);
}

/** 2-D transpose, materialised: a batch of one for the batched-transpose kernel. */
export function transpose(a: Tensor): Tensor {
  if (a.ndim !== 2) throw new ShapeError(`transpose: expects a 2-D tensor, got ${fmtShape(a.shape)}`);
  const [r, c] = [a.shape[0]!, a.shape[1]!];
  const out = kernelsFor(a.dtype).transposeBatched(a.data, null, 1, r, c);
  return new Tensor(out, [c, r]);
}

/**
 * When a permutation only swaps two blocks of axes behind a leading block, such as NHWC → NCHW
 * ((N, H·W, C) → (N, C, H·W)), it is a batched 2-D transpose: [batch, rows, cols]. Otherwise null.
 */
function asBatchedTranspose(shape: readonly number[], perm: readonly number[]): [number, number, number] | null {
  const rank = perm.length;
  let lead = 0;
  while (lead < rank && perm[lead] === lead) lead++;
  if (lead === rank) return null;
  // perm = [0 .. lead−1, k .. rank−1, lead .. k−1] for some k
  const k = perm[lead]!;
  for (let i = 0; i < rank - k; i++) if (perm[lead + i] !== k + i) return null;
  for (let i = 0; i < k - lead; i++) if (perm[lead + (rank - k) + i] !== lead + i) return null;
  const size = (from: number, to: number) => shape.slice(from, to).reduce((p, d) => p * d, 1);
  return [size(0, lead), size(lead, k), size(k, rank)];
}

/** Reorders the axes: out.shape[i] = a.shape[axes[i]] (a copy, read through permuted strides). */
export function permute(a: Tensor, axes: readonly number[]): Tensor {
  const rank = a.ndim;
  const seen = new Set(axes.map((ax) => normalizeAxis(ax, rank, 'permute')));
  if (axes.length !== rank || seen.size !== rank) {
    throw new ShapeError(`permute: axes ${JSON.stringify(axes)} are not a permutation of 0 .. ${rank - 1} for shape ${fmtShape(a.shape)}`);
  }
  const norm = axes.map((ax) => (ax < 0 ? ax + rank : ax));
  const strides = stridesOf(a.shape);
  const shape = norm.map((ax) => a.shape[ax]!);
  const swap = asBatchedTranspose(a.shape, norm);
  if (swap !== null) return new Tensor(kernelsFor(a.dtype).transposeBatched(a.data, null, ...swap), shape);
  const one = allocate(a.dtype, 1).fill(1);
  const out = kernelsFor(a.dtype).binary('mul', a.data, norm.map((ax) => strides[ax]!), one, shape.map(() => 0), null, shape);
  return new Tensor(out, shape);
}

function axisView(a: Tensor, axis: number): { outer: number; len: number; inner: number } {
  const outer = sizeOf(a.shape.slice(0, axis));
  const len = a.shape[axis]!;
  const inner = sizeOf(a.shape.slice(axis + 1));
  return { outer, len, inner };
}

export function reduce(op: ReduceOp, a: Tensor, axis: number | undefined, keepdims: boolean, into?: Tensor): Tensor {
  checkFloat(op, a);
  if (axis === undefined) {
    if (op === 'max' && a.size === 0) throw new ShapeError(`max: the maximum of an empty tensor ${fmtShape(a.shape)} is undefined`);
    if (into !== undefined) {
      checkOut(op, into, a.dtype, 1, [a]);
      kernelsFor(a.dtype).reduce(op, a.data, into.data, 1, a.size, 1);
      return into;
    }
    const out = kernelsFor(a.dtype).reduce(op, a.data, null, 1, a.size, 1);
    return new Tensor(out, keepdims ? a.shape.map(() => 1) : []);
  }
  const ax = normalizeAxis(axis, a.ndim, op);
  const { outer, len, inner } = axisView(a, ax);
  if (op === 'max' && len === 0) throw new ShapeError(`max: axis ${axis} of ${fmtShape(a.shape)} is empty; its maximum is undefined`);
  if (into !== undefined) {
    checkOut(op, into, a.dtype, outer * inner, [a]);
    kernelsFor(a.dtype).reduce(op, a.data, into.data, outer, len, inner);
    return into;
  }
  const out = kernelsFor(a.dtype).reduce(op, a.data, null, outer, len, inner);
  const shape = keepdims ? a.shape.map((d, i) => (i === ax ? 1 : d)) : a.shape.filter((_, i) => i !== ax);
  return new Tensor(out, shape);
}

export function mean(a: Tensor, axis: number | undefined, keepdims: boolean): Tensor {
  checkFloat('mean', a);
  const count = axis === undefined ? a.size : a.shape[normalizeAxis(axis, a.ndim, 'mean')]!;
  if (count === 0) throw new ShapeError(`mean: the mean over zero elements of ${fmtShape(a.shape)} is undefined`);
  return reduce('sum', a, axis, keepdims).div(count);
}

/** log softmax over the last axis, one kernel pass per row (see the kernel for the math). */
export function logSoftmax(a: Tensor): Tensor {
  checkFloat('logSoftmax', a);
  if (a.ndim === 0) throw new ShapeError('logSoftmax: needs at least one axis (the classes), got a scalar');
  const cols = a.shape[a.ndim - 1]!;
  const out = cols > 0 ? kernelsFor(a.dtype).logSoftmax(a.data, null, a.size / cols, cols) : allocate(a.dtype, 0);
  return new Tensor(out, a.shape);
}

export function argmax(a: Tensor, axis: number | undefined): Int32Array {
  checkFloat('argmax', a);
  if (axis === undefined) {
    if (a.size === 0) throw new ShapeError(`argmax: an empty tensor ${fmtShape(a.shape)} has no maximum`);
    const out = new Int32Array(1);
    kernelsFor(a.dtype).argmax(a.data, out, 1, a.size, 1);
    return out;
  }
  const ax = normalizeAxis(axis, a.ndim, 'argmax');
  const { outer, len, inner } = axisView(a, ax);
  if (len === 0) throw new ShapeError(`argmax: axis ${axis} of ${fmtShape(a.shape)} is empty`);
  const out = new Int32Array(outer * inner);
  kernelsFor(a.dtype).argmax(a.data, out, outer, len, inner);
  return out;
}
