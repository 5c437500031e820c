import type { FloatArray } from '../backend/kernels.js';
import { kernelsFor } from '../backend/index.js';
import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { Rng } from '../random/rng.js';
import { allocate, checkDType, dtypeOf, type DType } from './dtype.js';
import { flattenNested, toNested, type NestedArray } from './nested.js';
import { checkShape, resolveReshape, sizeOf } from './shape.js';
import * as ops from './ops.js';

export interface DTypeOption {
  /** Element type; float32 unless given. */
  readonly dtype?: DType;
}

export interface FromOptions extends DTypeOption {
  /** Shape for flat input; a nested array's own shape must agree with it. */
  readonly shape?: readonly number[];
}

/**
 * An n-dimensional array of float32 (default) or float64 numbers, stored
 * contiguously in row-major order in `data`. Shapes are readonly. Operations
 * return new tensors and never change their operands (`reshape` returns a view
 * that shares `data`, as numpy's does).
 *
 * @example
 * ```ts
 * import { Tensor } from 'scratchnet';
 * const x = Tensor.from([[1, 2], [3, 4]]);
 * const y = x.matmul(x, { transB: true }).add(1); // x·xᵀ + 1
 * console.log(y.toArray()); // [[6, 12], [12, 26]]
 * ```
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: FloatArray;

  /** Wraps `data` (not copied) with `shape`; `data.length` must equal the shape's size. */
  constructor(data: FloatArray, shape: readonly number[]) {
    this.shape = checkShape(shape, 'Tensor');
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new ValueError(`Tensor: data must be a Float32Array or Float64Array, got ${Object.prototype.toString.call(data)}`);
    }
    if (data.length !== sizeOf(this.shape)) {
      throw new ShapeError(`Tensor: shape ${fmtShape(this.shape)} needs ${sizeOf(this.shape)} elements, data has ${data.length}`);
    }
    this.data = data;
    this.dtype = dtypeOf(data);
  }

  /** A tensor from nested arrays or a typed/plain array (always copied). */
  static from(values: NestedArray | ArrayLike<number>, options: FromOptions = {}): Tensor {
    const isTyped = ArrayBuffer.isView(values);
    const dtype = checkDType(options.dtype ?? (values instanceof Float64Array ? 'float64' : 'float32'), 'Tensor.from');
    let shape: readonly number[];
    let flat: ArrayLike<number>;
    if (isTyped) {
      flat = values as ArrayLike<number>;
      shape = [flat.length];
    } else {
      ({ shape, flat } = flattenNested(values as NestedArray, 'Tensor.from'));
    }
    if (options.shape !== undefined) {
      const target = resolveReshape(shape, options.shape);
      if (!isTyped && shape.length > 1) {
        const same = target.length === shape.length && target.every((d, i) => d === shape[i]);
        if (!same) throw new ShapeError(`Tensor.from: nested input has shape ${fmtShape(shape)} but shape ${fmtShape(options.shape)} was given`);
      }
      shape = target;
    }
    const data = allocate(dtype, flat.length);
    for (let i = 0; i < flat.length; i++) data[i] = flat[i]!;
    return new Tensor(data, shape);
  }

  /** All zeros. */
  static zeros(shape: readonly number[], options: DTypeOption = {}): Tensor {
    const s = checkShape(shape, 'Tensor.zeros');
    return new Tensor(allocate(checkDType(options.dtype ?? 'float32', 'Tensor.zeros'), sizeOf(s)), s);
  }

  /** All ones. */
  static ones(shape: readonly number[], options: DTypeOption = {}): Tensor {
    return Tensor.full(shape, 1, options);
  }

  /** Every element set to `value`. */
  static full(shape: readonly number[], value: number, options: DTypeOption = {}): Tensor {
    if (typeof value !== 'number') throw new ValueError(`Tensor.full: value must be a number, got ${typeof value}`);
    const t = Tensor.zeros(shape, options);
    t.data.fill(value);
    return t;
  }

  /** Normal deviates N(mean, std²) drawn from `rng`, in row-major order. */
  static randn(shape: readonly number[], rng: Rng, options: DTypeOption & { mean?: number; std?: number } = {}): Tensor {
    const { mean = 0, std = 1 } = options;
    if (!Number.isFinite(std) || std < 0) throw new ValueError(`Tensor.randn: std must be a finite number ≥ 0, got ${std}`);
    const t = Tensor.zeros(shape, options);
    for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
    return t;
  }

  /** Uniform deviates in [low, high) drawn from `rng`. */
  static uniform(shape: readonly number[], rng: Rng, options: DTypeOption & { low?: number; high?: number } = {}): Tensor {
    const { low = 0, high = 1 } = options;
    if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) {
      throw new ValueError(`Tensor.uniform: need finite low ≤ high, got low=${low}, high=${high}`);
    }
    const t = Tensor.zeros(shape, options);
    for (let i = 0; i < t.data.length; i++) t.data[i] = rng.uniform(low, high);
    return t;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The same data seen with another shape; one dimension may be −1. Shares `data`. */
  reshape(...shape: readonly number[] | [readonly number[]]): Tensor {
    const target = (Array.isArray(shape[0]) ? shape[0] : shape) as readonly number[];
    return new Tensor(this.data, resolveReshape(this.shape, target));
  }

  /** A copy with its own data. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** A copy converted to `dtype` (a copy even when the dtype is the same). */
  astype(dtype: DType): Tensor {
    const out = allocate(checkDType(dtype, 'astype'), this.size);
    out.set(this.data);
    return new Tensor(out, this.shape);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: only a tensor with one element has an item, got shape ${fmtShape(this.shape)}`);
    return this.data[0]!;
  }

  /** Nested arrays of plain numbers (a number for shape []). */
  toArray(): NestedArray {
    return toNested(this.data, this.shape);
  }

  /** True when no element is NaN or ±Infinity. */
  isFinite(): boolean {
    return kernelsFor(this.dtype).allFinite(this.data);
  }

  /** The 2-D transpose (a copy). */
  transpose(): Tensor {
    return ops.transpose(this);
  }

  /** The axes reordered, numpy's transpose(axes): `x.permute(0, 2, 3, 1)` turns NCHW into NHWC (a copy). */
  permute(...axes: readonly number[]): Tensor {
    return ops.permute(this, axes);
  }

  /**
   * Matrix product of 2-D tensors; `transA` / `transB` read an operand transposed without copying it.
   * `bias` (one value per output column) is added to every row as the product is written: the same
   * numbers as `.add(bias)` afterwards, in one pass. `transposeBlocks: N` (N dividing m; 0 for no rows) splits the m rows of the
   * product into N blocks and returns each block transposed, shape [N, n, m/N]: the same numbers as
   * `.reshape(N, m / N, n).permute(0, 2, 1)` afterwards, without handing the untransposed product back
   * (a convolution's rows, one block per sample, become NCHW).
   * @example
   * ```ts
   * import { Tensor } from 'scratchnet';
   * const x = Tensor.from([[1, 2]]), W = Tensor.from([[1, 0], [0, 1]]), b = Tensor.from([10, 20]);
   * x.matmul(W, { bias: b }); // [[11, 22]], as x.matmul(W).add(b)
   * Tensor.from([[1, 2], [3, 4]]).matmul(W, { transposeBlocks: 1 }); // [[[1, 3], [2, 4]]]
   * ```
   */
  matmul(other: Tensor, options: { transA?: boolean; transB?: boolean; bias?: Tensor; transposeBlocks?: number } = {}): Tensor {
    return ops.matmul(this, other, options.transA ?? false, options.transB ?? false, options.bias, options.transposeBlocks);
  }

  /** Element-wise this + other (a number, or a tensor broadcast as numpy does). */
  add(other: Tensor | number): Tensor {
    return ops.binary('add', this, other);
  }
  /** Element-wise this − other. */
  sub(other: Tensor | number): Tensor {
    return ops.binary('sub', this, other);
  }
  /** Element-wise this · other. */
  mul(other: Tensor | number): Tensor {
    return ops.binary('mul', this, other);
  }
  /** Element-wise this / other. */
  div(other: Tensor | number): Tensor {
    return ops.binary('div', this, other);
  }
  /** Element-wise max(this, other). */
  maximum(other: Tensor | number): Tensor {
    return ops.binary('maximum', this, other);
  }
  /** Element-wise min(this, other). */
  minimum(other: Tensor | number): Tensor {
    return ops.binary('minimum', this, other);
  }
  /** 1 where this > other, else 0. */
  greater(other: Tensor | number): Tensor {
    return ops.binary('greater', this, other);
  }
  /**
   * This where `mask` > 0, else 0, in one pass: the ReLU backward, dx = dout where y > 0.
   * @example
   * ```ts
   * import { Tensor } from 'scratchnet';
   * Tensor.from([1, 2, 3]).keepWherePositive(Tensor.from([0.5, 0, -1])); // [1, 0, 0]
   * ```
   */
  keepWherePositive(mask: Tensor | number): Tensor {
    return ops.binary('keepWherePositive', this, mask);
  }
  /** other − this, for a scalar on the left: `y.rsub(1)` is 1 − y. */
  rsub(scalar: number): Tensor {
    return ops.binaryScalarFirst('sub', scalar, this);
  }
  /** other / this, for a scalar on the left: `y.rdiv(1)` is 1/y. */
  rdiv(scalar: number): Tensor {
    return ops.binaryScalarFirst('div', scalar, this);
  }

  /** −x element-wise. */
  neg(): Tensor {
    return ops.unary('neg', this);
  }
  /** eˣ element-wise. */
  exp(): Tensor {
    return ops.unary('exp', this);
  }
  /** ln x element-wise. */
  log(): Tensor {
    return ops.unary('log', this);
  }
  /** √x element-wise. */
  sqrt(): Tensor {
    return ops.unary('sqrt', this);
  }
  /** |x| element-wise. */
  abs(): Tensor {
    return ops.unary('abs', this);
  }
  /** x² element-wise. */
  square(): Tensor {
    return ops.unary('square', this);
  }
  /** 1/x element-wise. */
  reciprocal(): Tensor {
    return ops.unary('reciprocal', this);
  }
  /** max(0, x) element-wise. */
  relu(): Tensor {
    return ops.unary('relu', this);
  }
  /** 1/(1 + e^(−x)) computed without overflow for any |x|. */
  sigmoid(): Tensor {
    return ops.unary('sigmoid', this);
  }
  /** tanh x element-wise. */
  tanh(): Tensor {
    return ops.unary('tanh', this);
  }

  /** Sum over `axis` (all elements when omitted). */
  sum(axis?: number, options: { keepdims?: boolean } = {}): Tensor {
    return ops.reduce('sum', this, axis, options.keepdims ?? false);
  }
  /** Maximum over `axis` (all elements when omitted); NaN propagates. */
  max(axis?: number, options: { keepdims?: boolean } = {}): Tensor {
    return ops.reduce('max', this, axis, options.keepdims ?? false);
  }
  /** Mean over `axis` (all elements when omitted). */
  mean(axis?: number, options: { keepdims?: boolean } = {}): Tensor {
    return ops.mean(this, axis, options.keepdims ?? false);
  }
  /**
   * log softmax over the last axis, x − max − log Σ e^(x − max), in one pass that cannot overflow.
   * @example
   * ```ts
   * import { Tensor } from 'scratchnet';
   * Tensor.from([[0, Math.log(3)]]).logSoftmax().exp(); // [[0.25, 0.75]]
   * ```
   */
  logSoftmax(): Tensor {
    return ops.logSoftmax(this);
  }
  /** Index of the maximum over `axis`, as an Int32Array of the other dimensions' size (all elements when omitted: one index). */
  argmax(axis?: number): Int32Array {
    return ops.argmax(this, axis);
  }

  /** Copies `source`'s values into this tensor's data (same shape and dtype). Used to load parameters in place. */
  assign(source: Tensor): this {
    ops.checkSameShape('assign', this, source);
    this.data.set(source.data);
    return this;
  }

  /** The shape, dtype and values, for printing. */
  toString(): string {
    return `Tensor(${this.dtype}, ${fmtShape(this.shape)})`;
  }

  /** The kernels this tensor's dtype runs on. */
  get kernels() {
    return kernelsFor(this.dtype);
  }
}
