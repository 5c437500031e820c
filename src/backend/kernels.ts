/**
 * The kernel interface: every numeric loop in scratchnet runs behind it.
 * Tensors and layers never loop over data themselves; they call these
 * functions on flat, contiguous, row-major buffers. A faster backend
 * (WebAssembly SIMD, threads) implements the same interface and is
 * swapped in with `setBackend` without touching a layer.
 *
 * Kernels trust their arguments (the tensor layer checks shapes and dtypes
 * and throws typed errors first). Those that make a new result write it into
 * `out` when the caller passes one, and otherwise (`out` null) make it
 * themselves, of the input's type, and return it: a backend that computes in
 * memory of its own (WebAssembly) then creates the array from its result in one
 * copy, instead of copying over an array that was zero-filled for nothing.
 */

/** The buffers kernels work on. */
export type FloatArray = Float32Array | Float64Array;

/**
 * Element-wise operations of two operands. `greater` gives 1 where a > b, else 0;
 * `onlyWherePositive` gives a where b > 0, else 0 (a masked by b's sign, in one pass).
 */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum' | 'greater' | 'onlyWherePositive';

/** Element-wise operations of one operand. `sigmoid` never overflows. */
export type UnaryOp = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'square' | 'reciprocal' | 'relu' | 'sigmoid' | 'tanh';

/** Reductions along one axis. */
export type ReduceOp = 'sum' | 'max';

/**
 * An optimizer's state for one parameter (the book's v, h or m), made by a backend's `newState` and
 * kept where that backend's step kernels work on it: the WebAssembly backend keeps it in WebAssembly
 * memory, so a step copies only the parameter and its gradient in (Adam's m and v no longer travel).
 * Only the step kernels change it; `read` and `write` are for checkpoints (Optimizer.state, loadState).
 *
 * @example
 * ```ts
 * import { getBackend } from 'scratchnet';
 * const kernels = getBackend();
 * const p = Float32Array.of(1, 2), g = Float32Array.of(0.5, 0.5);
 * const v = kernels.newState('float32', 2);        // zeros
 * kernels.momentumStep(p, g, v, 0.1, 0.9);           // v = −0.05, p = [0.95, 1.95]
 * v.read();                                          // Float32Array [-0.05, -0.05]
 * ```
 */
export interface StateBuffer {
  readonly dtype: 'float32' | 'float64';
  readonly length: number;
  /** A copy of the values. */
  read(): FloatArray;
  /** Replaces the values with `values` (of this length). */
  write(values: FloatArray): void;
}

/**
 * What the step kernels take as optimizer state: a plain array, updated in place, or a StateBuffer.
 * A backend's step kernels take any StateBuffer; those its own `newState` made are the fast case.
 */
export type StateArray = FloatArray | StateBuffer;

/** The sizes of a convolution or pooling window sweep over NCHW input. */
export interface ConvGeometry {
  readonly N: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly FH: number;
  readonly FW: number;
  readonly stride: number;
  readonly pad: number;
  /** (H + 2·pad − FH)/stride + 1 */
  readonly OH: number;
  readonly OW: number;
}

/** The numeric kernels a backend provides: every loop over tensor data in scratchnet runs through one of these. */
export interface Kernels {
  /** A short name for messages and benchmarks, e.g. `'typescript'`. */
  readonly name: string;

  /**
   * out (m×n) = op(a) · op(b) (+ bias, a row of n added to every row), where op(a) is m×k and op(b) is k×n.
   * With `transA`, `a` is stored k×m and read transposed (no copy is made); likewise `transB` (b stored n×k).
   * With a bias, each entry is the product's entry rounded to out's type, plus the bias: exactly what
   * a product followed by `binary('add', …)` gives, in one pass. With `blocks` = N (a divisor of m), the m
   * rows are N blocks of m/N rows and out holds each block transposed, (N, n, m/N): exactly what
   * `transposeBatched` of the plain result gives (a convolution's product written as NCHW).
   */
  matmul(a: FloatArray, b: FloatArray, out: FloatArray | null, m: number, n: number, k: number, transA: boolean, transB: boolean, bias?: FloatArray, blocks?: number): FloatArray;

  /**
   * out[i] = a[..] op b[..] over an output of `shape` (out is contiguous).
   * `aStrides` / `bStrides` give each operand's step per dimension in elements; a stride of 0 broadcasts.
   */
  binary(op: BinaryOp, a: FloatArray, aStrides: readonly number[], b: FloatArray, bStrides: readonly number[], out: FloatArray | null, shape: readonly number[]): FloatArray;

  /** out[i] = a[i] op s, or s op a[i] when `scalarFirst`. */
  binaryScalar(op: BinaryOp, a: FloatArray, s: number, out: FloatArray | null, scalarFirst: boolean): FloatArray;

  /** out[i] = op(a[i]). `out` may be `a` itself. */
  unary(op: UnaryOp, a: FloatArray, out: FloatArray | null): FloatArray;

  /**
   * Reduce the middle axis of `a` viewed as (outer, len, inner) into `out` of (outer, inner).
   * `max` propagates NaN, as numpy does. `len` is at least 1 for `max`.
   */
  reduce(op: ReduceOp, a: FloatArray, out: FloatArray | null, outer: number, len: number, inner: number): FloatArray;

  /**
   * im2col: every (FH × FW) patch of x (N, C, H, W), read with `stride` and `pad`, becomes one row of
   * out (N·OH·OW, C·FH·FW), columns ordered (c, ky, kx). Positions in the padding read `padValue`.
   */
  im2col(x: FloatArray, out: FloatArray | null, g: ConvGeometry, padValue: number): FloatArray;

  /** col2im, the adjoint of im2col: out (N, C, H, W) = Σ of every row's entries added back where they were read (padding dropped). */
  col2im(col: FloatArray, out: FloatArray | null, g: ConvGeometry): FloatArray;

  /**
   * Max pooling of x (N, C, H, W) over (FH × FW) windows: out (N, C, OH, OW) and, in `argmax`, the
   * flat index into x of each maximum (the first one). Padding counts as −∞ (never the maximum).
   */
  maxPool(x: FloatArray, out: FloatArray, argmax: Int32Array, g: ConvGeometry): void;

  /** Routes each dout entry to its window's maximum: out (zeroed first, `outLength` values) [argmax[i]] += dout[i]. */
  maxPoolBackward(dout: FloatArray, argmax: Int32Array, out: FloatArray | null, outLength: number): FloatArray;

  /** out (batch, cols, rows) = each (rows × cols) matrix of a (batch, rows, cols) transposed. */
  transposeBatched(a: FloatArray, out: FloatArray | null, batch: number, rows: number, cols: number): FloatArray;

  /**
   * out[r, j] = a[r, j] − m − log Σ_k e^(a[r, k] − m) for each row of a (rows × cols), m the row's maximum:
   * log-softmax without overflow, the forward of softmax with cross-entropy. NaN in a row makes the row NaN.
   */
  logSoftmax(a: FloatArray, out: FloatArray | null, rows: number, cols: number): FloatArray;

  /** y[i] += alpha·x[i], in place on y: the SGD-style parameter update. */
  axpy(alpha: number, x: FloatArray, y: FloatArray): void;

  /** Whether no element of a is NaN or ±∞ (the NaN guard checks every gradient with it). */
  allFinite(a: FloatArray): boolean;

  /** Index of the first maximum along the middle axis of (outer, len, inner); a NaN counts as the maximum. */
  argmax(a: FloatArray, out: Int32Array, outer: number, len: number, inner: number): void;

  // The optimizers' steps, fused: one pass over a parameter, in place on `p` and its state
  // (src/backend/reference/optimizers.ts has the math of each).

  /** New optimizer state of n zeros, kept where this backend's step kernels read it fastest. */
  newState(dtype: 'float32' | 'float64', n: number): StateBuffer;

  // The LSTM step fused (src/backend/reference/lstm.ts has the math): every array given, n rows, H units.

  /** gates (n, 4H) = [σ(A_f), tanh(A_g), σ(A_i), σ(A_o)] of A (n, 4H); c = f⊙c_prev + g⊙i; tanhC = tanh c; h = o⊙tanhC. */
  lstmForward(A: FloatArray, cPrev: FloatArray, gates: FloatArray, c: FloatArray, tanhC: FloatArray, h: FloatArray, n: number, H: number): void;

  /** dA (n, 4H) and dcPrev (n, H) of the step from dh, dc (n, H) and what lstmForward wrote. */
  lstmBackward(gates: FloatArray, cPrev: FloatArray, tanhC: FloatArray, dh: FloatArray, dc: FloatArray, dA: FloatArray, dcPrev: FloatArray, n: number, H: number): void;

  /** v ← α·v − lr·g;  p ← p + v */
  momentumStep(p: FloatArray, g: FloatArray, v: StateArray, lr: number, alpha: number): void;

  /** v ← α·v − lr·g;  p ← p + α²·v − (1 + α)·lr·g */
  nesterovStep(p: FloatArray, g: FloatArray, v: StateArray, lr: number, alpha: number): void;

  /** h ← ρ·h + gain·g²;  p ← p − lr·g/(√h + ε) (RMSprop: gain = 1 − ρ; AdaGrad: ρ = gain = 1) */
  rmspropStep(p: FloatArray, g: FloatArray, h: StateArray, lr: number, rho: number, gain: number, eps: number): void;

  /** m ← m + (1 − β1)(g − m);  v ← v + (1 − β2)(g² − v);  p ← p − lr_t·m/(√v + ε) */
  adamStep(p: FloatArray, g: FloatArray, m: StateArray, v: StateArray, lrT: number, beta1: number, beta2: number, eps: number): void;
}
