import type { Kernels } from '../backend/kernels.js';
import { kernelsFor } from '../backend/index.js';
import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { Rng } from '../random/rng.js';
import { allocate, allocateAny, checkDType, checkFloat, checkTensorDType, dtypeOf, toInt32, type DataOf, type DType, type TensorDType } from './dtype.js';
import * as layout from './layout.js';
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

/** Options of `Tensor.from` for ids: `{ dtype: 'int32' }`, every value a whole number in the int32 range. */
export interface IdsFromOptions {
  readonly dtype: 'int32';
  /** Shape for flat input, as in {@link FromOptions}. */
  readonly shape?: readonly number[];
}

/**
 * An n-dimensional array of float32 (default) or float64 numbers, stored
 * contiguously in row-major order in `data`. Shapes are readonly. Operations
 * return new tensors and never change their operands (`reshape` returns a view
 * that shares `data`, as numpy's does).
 *
 * A `Tensor<'int32'>` holds token ids or labels (`Tensor.from(ids, { dtype: 'int32' })`): it can be
 * reshaped, sliced, stacked, flipped and read back, but float arithmetic on it throws a DTypeError
 * naming the operation (in TypeScript it does not compile). `Tensor` alone means a float tensor.
 *
 * @example
 * ```ts
 * import { Tensor } from 'scratchnet';
 * const x = Tensor.from([[1, 2], [3, 4]]);
 * const y = x.matmul(x, { transB: true }).add(1); // x·xᵀ + 1
 * console.log(y.toArray()); // [[6, 12], [12, 26]]
 * ```
 */
export class Tensor<D extends TensorDType = DType> {
  readonly shape: readonly number[];
  readonly dtype: D;
  readonly data: DataOf<D>;

  /** Wraps `data` (not copied) with `shape`; `data.length` must equal the shape's size. Int32Array data makes an int32 tensor: `new Tensor<'int32'>(ids, [N, T])`. */
  constructor(data: DataOf<D>, shape: readonly number[]) {
    this.shape = checkShape(shape, 'Tensor');
    if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array)) {
      throw new ValueError(`Tensor: data must be a Float32Array, Float64Array or Int32Array, got ${Object.prototype.toString.call(data)}`);
    }
    if (data.length !== sizeOf(this.shape)) {
      throw new ShapeError(`Tensor: shape ${fmtShape(this.shape)} needs ${sizeOf(this.shape)} elements, data has ${data.length}`);
    }
    this.data = data;
    this.dtype = dtypeOf(data) as D;
  }

  /**
   * A tensor from nested arrays or a typed/plain array (always copied). With `{ dtype: 'int32' }` it
   * holds ids: every value must be a whole number in the int32 range.
   * @example
   * ```ts
   * import { Tensor } from 'scratchnet';
   * const ids = Tensor.from([[3, 1, 4], [1, 5, 9]], { dtype: 'int32' });
   * ids.select(1, 0).toArray(); // [3, 1]: the first time step
   * ```
   */
  static from(values: NestedArray | ArrayLike<number>, options: IdsFromOptions): Tensor<'int32'>;
  static from(values: NestedArray | ArrayLike<number>, options?: FromOptions): Tensor;
  static from(values: NestedArray | ArrayLike<number>, options?: { readonly dtype?: TensorDType; readonly shape?: readonly number[] }): Tensor<TensorDType>;
  static from(values: NestedArray | ArrayLike<number>, options: { readonly dtype?: TensorDType; readonly shape?: readonly number[] } = {}): Tensor<TensorDType> {
    const isTyped = ArrayBuffer.isView(values);
    const dtype = checkTensorDType(options.dtype ?? (values instanceof Float64Array ? 'float64' : 'float32'), 'Tensor.from');
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
    if (dtype === 'int32') return new Tensor<'int32'>(toInt32('Tensor.from', flat), shape);
    const data = allocate(dtype, flat.length);
    for (let i = 0; i < flat.length; i++) data[i] = flat[i]!;
    return new Tensor(data, shape);
  }

  /** All zeros (`{ dtype: 'int32' }` for ids). */
  static zeros(shape: readonly number[], options: { readonly dtype: 'int32' }): Tensor<'int32'>;
  static zeros(shape: readonly number[], options?: DTypeOption): Tensor;
  static zeros(shape: readonly number[], options?: { readonly dtype?: TensorDType }): Tensor<TensorDType>;
  static zeros(shape: readonly number[], options: { readonly dtype?: TensorDType } = {}): Tensor<TensorDType> {
    const s = checkShape(shape, 'Tensor.zeros');
    return new Tensor<TensorDType>(allocateAny(checkTensorDType(options.dtype ?? 'float32', 'Tensor.zeros'), sizeOf(s)), s);
  }

  /** All ones. */
  static ones(shape: readonly number[], options: DTypeOption = {}): Tensor {
    return Tensor.full(shape, 1, options);
  }

  /** Every element set to `value` (`{ dtype: 'int32' }`: a whole number in the int32 range). */
  static full(shape: readonly number[], value: number, options: { readonly dtype: 'int32' }): Tensor<'int32'>;
  static full(shape: readonly number[], value: number, options?: DTypeOption): Tensor;
  static full(shape: readonly number[], value: number, options: { readonly dtype?: TensorDType } = {}): Tensor<TensorDType> {
    if (typeof value !== 'number') throw new ValueError(`Tensor.full: value must be a number, got ${typeof value}`);
    const t = Tensor.zeros(shape, options);
    if (t.dtype === 'int32') toInt32('Tensor.full', [value]);
    (t.data as DataOf<TensorDType>).fill(value);
    return t;
  }

  /** Normal deviates N(mean, std²) drawn from `rng`, in row-major order. */
  static randn(shape: readonly number[], rng: Rng, options: DTypeOption & { mean?: number; std?: number } = {}): Tensor {
    const { mean = 0, std = 1 } = options;
    if (!Number.isFinite(std) || std < 0) throw new ValueError(`Tensor.randn: std must be a finite number ≥ 0, got ${std}`);
    const t = Tensor.zeros(shape, { dtype: checkDType(options.dtype ?? 'float32', 'Tensor.randn') });
    for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
    return t;
  }

  /** Uniform deviates in [low, high) drawn from `rng`. */
  static uniform(shape: readonly number[], rng: Rng, options: DTypeOption & { low?: number; high?: number } = {}): Tensor {
    const { low = 0, high = 1 } = options;
    if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) {
      throw new ValueError(`Tensor.uniform: need finite low ≤ high, got low=${low}, high=${high}`);
    }
    const t = Tensor.zeros(shape, { dtype: checkDType(options.dtype ?? 'float32', 'Tensor.uniform') });
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
  reshape(...shape: readonly number[] | [readonly number[]]): Tensor<D> {
    const target = (Array.isArray(shape[0]) ? shape[0] : shape) as readonly number[];
    return new Tensor<D>(this.data, resolveReshape(this.shape, target));
  }

  /** A copy with its own data. */
  clone(): Tensor<D> {
    return new Tensor<D>(this.data.slice() as DataOf<D>, this.shape);
  }

  /** A copy converted to `dtype` (a copy even when the dtype is the same). To int32 every value must be a whole number in range. */
  astype(dtype: 'int32'): Tensor<'int32'>;
  astype(dtype: DType): Tensor;
  astype(dtype: TensorDType): Tensor<TensorDType> {
    const to = checkTensorDType(dtype, 'astype');
    if (to === 'int32') return new Tensor<'int32'>(toInt32('astype', this.data), this.shape);
    const out = allocate(to, this.size);
    out.set(this.data);
    return new Tensor(out, this.shape);
  }

  /**
   * x[..., index, ...] along `axis`, that axis dropped: `xs.select(1, t)` is the book's `xs[:, t]`. A copy; any dtype.
   * @example
   * ```ts
   * import { Tensor } from 'scratchnet';
   * Tensor.from([[[1, 2], [3, 4]]]).select(1, 1).toArray(); // [[3, 4]]
   * ```
   */
  select(axis: number, index: number): Tensor<D> {
    return layout.select(this, axis, index);
  }

  /** x[..., start:end, ...] along `axis`, the axis kept: `A.slice(1, 0, H)` is the book's `A[:, :H]`. A copy; any dtype. */
  slice(axis: number, start: number, end: number): Tensor<D> {
    return layout.slice(this, axis, start, end);
  }

  /** Reversed along `axis`: `xs.flip(1)` is the book's `xs[:, ::-1]`. A copy; any dtype. */
  flip(axis: number): Tensor<D> {
    return layout.flip(this, axis);
  }

  /**
   * Tensors of one shape stacked along a new `axis` (numpy's stack): T steps of (N, H) with axis 1 give (N, T, H).
   * @example
   * ```ts
   * import { Tensor } from 'scratchnet';
   * Tensor.stack([Tensor.from([1, 2]), Tensor.from([3, 4])], 1).toArray(); // [[1, 3], [2, 4]]
   * ```
   */
  static stack<E extends TensorDType>(tensors: readonly Tensor<E>[], axis = 0): Tensor<E> {
    return layout.stack(tensors, axis);
  }

  /** Tensors joined along an existing `axis` (numpy's concatenate); the other dimensions must agree. */
  static concat<E extends TensorDType>(tensors: readonly Tensor<E>[], axis = 0): Tensor<E> {
    return layout.concat(tensors, axis);
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

  /** True when no element is NaN or ±Infinity (always, for int32). */
  isFinite(): boolean {
    if (this.dtype === 'int32') return true;
    return kernelsFor(this.dtype as DType).allFinite(this.data as DataOf<DType>);
  }

  /** The 2-D transpose (a copy). */
  transpose(): Tensor<D> {
    if (this.ndim !== 2) throw new ShapeError(`transpose: expects a 2-D tensor, got ${fmtShape(this.shape)}`);
    return this.permute(1, 0);
  }

  /** The axes reordered, numpy's transpose(axes): `x.permute(0, 2, 3, 1)` turns NCHW into NHWC (a copy). */
  permute(...axes: readonly number[]): Tensor<D> {
    if (this.dtype === 'int32') return layout.permuteInt(this as Tensor<TensorDType> as Tensor<'int32'>, axes) as Tensor<TensorDType> as Tensor<D>;
    const float = this as Tensor<TensorDType> as Tensor;
    return (this.ndim === 2 && axes.length === 2 && axes[0] === 1 && axes[1] === 0 ? ops.transpose(float) : ops.permute(float, axes)) as Tensor<TensorDType> as Tensor<D>;
  }

  /**
   * Matrix product of 2-D tensors; `transA` / `transB` read an operand transposed without copying it.
   * `bias` (one value per output column) is added to every row as the product is written: the same
   * numbers as `.add(bias)` afterwards, in one pass. `transposeBlocks: N` (N dividing m; 0 for no rows) splits the m rows of the
   * product into N blocks and returns each block transposed, shape [N, n, m/N]: the same numbers as
   * `.reshape(N, m / N, n).permute(0, 2, 1)` afterwards, without handing the untransposed product back
   * (a convolution's rows, one block per sample, become NCHW). `out` (a tensor of the result's size and
   * dtype, any shape, sharing no memory with the operands) receives the product in place of a new
   * tensor and is returned: a layer writes its gradient into the tensor it keeps.
   * @example
   * ```ts
   * import { Tensor } from 'scratchnet';
   * const x = Tensor.from([[1, 2]]), W = Tensor.from([[1, 0], [0, 1]]), b = Tensor.from([10, 20]);
   * x.matmul(W, { bias: b }); // [[11, 22]], as x.matmul(W).add(b)
   * Tensor.from([[1, 2], [3, 4]]).matmul(W, { transposeBlocks: 1 }); // [[[1, 3], [2, 4]]]
   * ```
   */
  matmul(this: Tensor, other: Tensor, options: { transA?: boolean; transB?: boolean; bias?: Tensor; transposeBlocks?: number; out?: Tensor } = {}): Tensor {
    return ops.matmul(this, other, options.transA ?? false, options.transB ?? false, options.bias, options.transposeBlocks, options.out);
  }

  /** Element-wise this + other (a number, or a tensor broadcast as numpy does). */
  add(this: Tensor, other: Tensor | number): Tensor {
    return ops.binary('add', this, other);
  }
  /** Element-wise this − other. */
  sub(this: Tensor, other: Tensor | number): Tensor {
    return ops.binary('sub', this, other);
  }
  /** Element-wise this · other. */
  mul(this: Tensor, other: Tensor | number): Tensor {
    return ops.binary('mul', this, other);
  }
  /** Element-wise this / other. */
  div(this: Tensor, other: Tensor | number): Tensor {
    return ops.binary('div', this, other);
  }
  /** Element-wise max(this, other). */
  maximum(this: Tensor, other: Tensor | number): Tensor {
    return ops.binary('maximum', this, other);
  }
  /** Element-wise min(this, other). */
  minimum(this: Tensor, other: Tensor | number): Tensor {
    return ops.binary('minimum', this, other);
  }
  /** 1 where this > other, else 0. */
  greater(this: Tensor, other: Tensor | number): Tensor {
    return ops.binary('greater', this, other);
  }
  /**
   * This where `mask` > 0, else 0 (a 0, −0 or NaN mask gives 0), in one pass; the mask broadcasts.
   * ReLU's backward is `dout.onlyWherePositive(y)`.
   * @example
   * ```ts
   * import { Tensor } from 'scratchnet';
   * Tensor.from([1, 2, 3]).onlyWherePositive(Tensor.from([0.5, 0, -1])); // [1, 0, 0]
   * ```
   */
  onlyWherePositive(this: Tensor, mask: Tensor | number): Tensor {
    return ops.binary('onlyWherePositive', this, mask);
  }
  /** other − this, for a scalar on the left: `y.rsub(1)` is 1 − y. */
  rsub(this: Tensor, scalar: number): Tensor {
    return ops.binaryScalarFirst('sub', scalar, this);
  }
  /** other / this, for a scalar on the left: `y.rdiv(1)` is 1/y. */
  rdiv(this: Tensor, scalar: number): Tensor {
    return ops.binaryScalarFirst('div', scalar, this);
  }

  /** −x element-wise. */
  neg(this: Tensor): Tensor {
    return ops.unary('neg', this);
  }
  /** eˣ element-wise. */
  exp(this: Tensor): Tensor {
    return ops.unary('exp', this);
  }
  /** ln x element-wise. */
  log(this: Tensor): Tensor {
    return ops.unary('log', this);
  }
  /** √x element-wise. */
  sqrt(this: Tensor): Tensor {
    return ops.unary('sqrt', this);
  }
  /** |x| element-wise. */
  abs(this: Tensor): Tensor {
    return ops.unary('abs', this);
  }
  /** x² element-wise. */
  square(this: Tensor): Tensor {
    return ops.unary('square', this);
  }
  /** 1/x element-wise. */
  reciprocal(this: Tensor): Tensor {
    return ops.unary('reciprocal', this);
  }
  /** max(0, x) element-wise. */
  relu(this: Tensor): Tensor {
    return ops.unary('relu', this);
  }
  /** 1/(1 + e^(−x)) computed without overflow for any |x|. */
  sigmoid(this: Tensor): Tensor {
    return ops.unary('sigmoid', this);
  }
  /** tanh x element-wise. */
  tanh(this: Tensor): Tensor {
    return ops.unary('tanh', this);
  }

  /** Sum over `axis` (all elements when omitted); with `out` (of the result's size, any shape) written there and returned. */
  sum(this: Tensor, axis?: number, options: { keepdims?: boolean; out?: Tensor } = {}): Tensor {
    return ops.reduce('sum', this, axis, options.keepdims ?? false, options.out);
  }
  /** Maximum over `axis` (all elements when omitted); NaN propagates. */
  max(this: Tensor, axis?: number, options: { keepdims?: boolean } = {}): Tensor {
    return ops.reduce('max', this, axis, options.keepdims ?? false);
  }
  /** Mean over `axis` (all elements when omitted). */
  mean(this: Tensor, axis?: number, options: { keepdims?: boolean } = {}): Tensor {
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
  logSoftmax(this: Tensor): Tensor {
    return ops.logSoftmax(this);
  }
  /** Index of the maximum over `axis`, as an Int32Array of the other dimensions' size (all elements when omitted: one index). */
  argmax(this: Tensor, axis?: number): Int32Array {
    return ops.argmax(this, axis);
  }

  /** Copies `source`'s values into this tensor's data (same shape and dtype). Used to load parameters in place. */
  assign(source: Tensor<D>): this {
    ops.checkSameShape('assign', this as Tensor<TensorDType> as Tensor, source as Tensor<TensorDType> as Tensor);
    (this.data as DataOf<TensorDType>).set(source.data as DataOf<TensorDType>);
    return this;
  }

  /** The shape, dtype and values, for printing. */
  toString(): string {
    return `Tensor(${this.dtype}, ${fmtShape(this.shape)})`;
  }

  /** The kernels this tensor's dtype runs on (none for int32). */
  get kernels(): Kernels {
    checkFloat('kernels', this);
    return kernelsFor(this.dtype as DType);
  }
}
