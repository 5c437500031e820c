import { ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkRecurrentParams, zerosLike } from './checks.js';

/** Checks one step's x (N, D) and h_prev (N, H) against the weights. */
export function checkStepInputs(where: string, x: Tensor, hPrev: Tensor, Wx: Tensor, H: number): void {
  if (!(x instanceof Tensor) || !(hPrev instanceof Tensor)) throw new ValueError(`${where}: x and h_prev must be Tensors`);
  const N = x.shape[0];
  if (x.ndim !== 2 || x.shape[1] !== Wx.shape[0]) throw new ShapeError(`${where}: x must have shape [N, ${Wx.shape[0]}], got ${fmtShape(x.shape)}`);
  if (hPrev.ndim !== 2 || hPrev.shape[0] !== N || hPrev.shape[1] !== H) throw new ShapeError(`${where}: h_prev must have shape [${N}, ${H}], got ${fmtShape(hPrev.shape)}`);
}

/**
 * RNN: one step of a simple recurrent network, h_next = tanh(h_prev·Wh + x·Wx + b), with Wx (D, H),
 * Wh (H, H), b (H). {@link TimeRNN} runs it over a sequence.
 *
 * Backward (tanh′ = 1 − tanh²): dt = dh_next ⊙ (1 − h_next²); db = Σₙ dt; dWh = h_prevᵀ·dt;
 * dWx = xᵀ·dt; dh_prev = dt·Whᵀ; dx = dt·Wxᵀ.
 *
 * @example
 * ```ts
 * import { RNN, Tensor } from 'scratchnet';
 * const cell = new RNN(Tensor.from([[1, 0]]), Tensor.from([[0, 0], [0, 0]]), Tensor.from([0, 0]));
 * cell.forward(Tensor.from([[0.5]]), Tensor.zeros([1, 2]));              // [[tanh 0.5, 0]]
 * const { dx, dhPrev } = cell.backward(Tensor.from([[1, 1]]));
 * ```
 */
export class RNN {
  readonly kind = 'RNN';
  readonly params: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** ∂L/∂Wx, ∂L/∂Wh, ∂L/∂b of the last backward, overwritten in place. */
  readonly grads: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  private cache: { x: Tensor; hPrev: Tensor; hNext: Tensor } | null = null;

  constructor(Wx: Tensor, Wh: Tensor, b: Tensor) {
    checkRecurrentParams('RNN', Wx, Wh, b, 1, '');
    this.params = { Wx, Wh, b };
    this.grads = zerosLike(this.params);
  }

  /** h_next = tanh(h_prev·Wh + x·Wx + b). */
  forward(x: Tensor, hPrev: Tensor): Tensor {
    const { Wx, Wh, b } = this.params;
    checkStepInputs('RNN.forward', x, hPrev, Wx, Wh.shape[0]!);
    const hNext = hPrev.matmul(Wh).add(x.matmul(Wx, { bias: b })).tanh();
    this.cache = { x, hPrev, hNext };
    return hNext;
  }

  /** dt = dh_next ⊙ (1 − h_next²); db = Σ dt; dWh = h_prevᵀ·dt; dWx = xᵀ·dt; dh_prev = dt·Whᵀ; dx = dt·Wxᵀ */
  backward(dhNext: Tensor): { dx: Tensor; dhPrev: Tensor } {
    if (this.cache === null) throw new ValueError('RNN.backward: call forward first (backward uses what forward cached)');
    const { x, hPrev, hNext } = this.cache;
    const dt = rnnBackward(hNext, dhNext);
    this.grads.b.assign(dt.sum(0));
    this.grads.Wh.assign(hPrev.matmul(dt, { transA: true }));
    this.grads.Wx.assign(x.matmul(dt, { transA: true }));
    return { dx: dt.matmul(this.params.Wx, { transB: true }), dhPrev: dt.matmul(this.params.Wh, { transB: true }) };
  }
}

/** dt = dh ⊙ (1 − h²): the gradient at the tanh's input. */
export function rnnBackward(h: Tensor, dh: Tensor): Tensor {
  return dh.mul(h.square().rsub(1));
}
