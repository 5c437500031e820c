import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';

/** Per-call mode. `train: true` for training steps (Dropout masks, BatchNorm batch statistics); eval otherwise. */
export interface ForwardOptions {
  readonly train?: boolean;
}

/** Named tensors: a layer's or model's parameters (`{ W, b }`) or their gradients. */
export type TensorRecord = Record<string, Tensor>;

/**
 * What every layer is: forward caches what backward needs; backward takes
 * ∂L/∂out and returns ∂L/∂x, and leaves ∂L/∂(each parameter) in `grads`
 * under the parameter's name. Neither changes its arguments.
 *
 * @example
 * ```ts
 * import { Relu, Tensor, type Layer } from 'scratchnet';
 * const layer: Layer = new Relu();
 * const y = layer.forward(Tensor.from([-1, 2]), { train: true });
 * const dx = layer.backward(Tensor.from([5, 5])); // [0, 5]
 * ```
 */
export interface Layer {
  /** The layer's kind, e.g. `'Affine'`. */
  readonly kind: string;
  /** Parameters by name; empty for layers without any. Optimizers update these tensors in place. */
  readonly params: Readonly<TensorRecord>;
  /** Gradients by parameter name, filled by the last backward (zeros before); the same tensors every time, overwritten in place. */
  readonly grads: Readonly<TensorRecord>;
  /** State that is saved with the model but not trained (BatchNormalization's running averages). */
  readonly buffers?: Readonly<TensorRecord>;
  /** The layer's output for x; caches what backward needs. */
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  /** ∂L/∂x from ∂L/∂out, with each parameter's gradient left in `grads`. */
  backward(dout: Tensor): Tensor;
  /**
   * Like backward, but fills only `grads` and skips dx: for the first layer of a network, whose
   * input needs no gradient (Affine and Convolution save a whole matrix product this way).
   */
  backwardParams?(dout: Tensor): void;
}

/** Throws unless `x` is a Tensor. */
export function checkTensor(where: string, x: unknown, what = 'input'): Tensor {
  if (x instanceof Tensor) return x;
  const got = x === null ? 'null' : Array.isArray(x) ? 'an array (wrap it with Tensor.from)' : typeof x;
  throw new ValueError(`${where}: expected the ${what} to be a Tensor, got ${got}`);
}

/** Throws unless `dout` has exactly the shape and dtype of what forward returned. */
export function checkDout(where: string, dout: unknown, out: Tensor | null): Tensor {
  if (out === null) throw new ValueError(`${where}.backward: call forward first (backward uses what forward cached)`);
  const d = checkTensor(`${where}.backward`, dout, 'gradient dout');
  if (d.shape.length !== out.shape.length || d.shape.some((v, i) => v !== out.shape[i])) {
    throw new ShapeError(`${where}.backward: dout must have the shape of the forward output ${fmtShape(out.shape)}, got ${fmtShape(d.shape)}`);
  }
  if (d.dtype !== out.dtype) {
    throw new DTypeError(`${where}.backward: dout must be ${out.dtype} like the forward output, got ${d.dtype}`);
  }
  return d;
}
