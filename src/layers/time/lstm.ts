import { Tensor } from '../../tensor/tensor.js';
import { ValueError, ShapeError, fmtShape } from '../../errors/index.js';
import { checkRecurrentParams, zerosLike } from './checks.js';
import { checkStepInputs } from './rnn.js';

/** What one LSTM step keeps for its backward: c_prev, the gates [f, g, i, o] side by side (N, 4H), tanh(c). */
export interface LstmStep {
  readonly cPrev: Tensor;
  readonly gates: Tensor;
  readonly tanhC: Tensor;
}

/** A new (N, cols) tensor of `like`'s dtype, for a kernel to fill. */
const fresh = (like: Tensor, N: number, cols: number): Tensor => Tensor.zeros([N, cols], { dtype: like.dtype });

/**
 * From A = x·Wx + h_prev·Wh + b (N, 4H): the gates f, g, i, o (in that order of columns), c and h, in one
 * pass of the backend's fused kernel: f = σ(A[:, :H]), g = tanh(A[:, H:2H]), i = σ(A[:, 2H:3H]),
 * o = σ(A[:, 3H:]); c = f ⊙ c_prev + g ⊙ i; h = o ⊙ tanh(c).
 */
export function lstmForward(A: Tensor, cPrev: Tensor): { h: Tensor; c: Tensor; step: LstmStep } {
  const [N, H] = cPrev.shape as [number, number];
  const [gates, c, tanhC, h] = [fresh(A, N, 4 * H), fresh(A, N, H), fresh(A, N, H), fresh(A, N, H)];
  A.kernels.lstmForward(A.data, cPrev.data, gates.data, c.data, tanhC.data, h.data, N, H);
  return { h, c, step: { cPrev, gates, tanhC } };
}

/**
 * The backward of {@link lstmForward}: from ∂L/∂h and ∂L/∂c of the step, ∂L/∂A (N, 4H) and ∂L/∂c_prev,
 * in one pass of the backend's fused kernel:
 * ds = dc + dh ⊙ o ⊙ (1 − tanh²c); dc_prev = ds ⊙ f; then each gate through its own function:
 * df = ds ⊙ c_prev ⊙ f(1 − f), dg = ds ⊙ i ⊙ (1 − g²), di = ds ⊙ g ⊙ i(1 − i), do = dh ⊙ tanh c ⊙ o(1 − o).
 */
export function lstmBackward(s: LstmStep, dh: Tensor, dc: Tensor): { dA: Tensor; dcPrev: Tensor } {
  const [N, H] = s.cPrev.shape as [number, number];
  const [dA, dcPrev] = [fresh(dh, N, 4 * H), fresh(dh, N, H)];
  dh.kernels.lstmBackward(s.gates.data, s.cPrev.data, s.tanhC.data, dh.data, dc.data, dA.data, dcPrev.data, N, H);
  return { dA, dcPrev };
}

/**
 * LSTM: one step of a long short-term memory, as the book builds it (gates in the order f, g, i, o):
 *
 *     A = x·Wx + h_prev·Wh + b         Wx (D, 4H), Wh (H, 4H), b (4H)
 *     f = σ(A[:, :H])   g = tanh(A[:, H:2H])   i = σ(A[:, 2H:3H])   o = σ(A[:, 3H:])
 *     c = f ⊙ c_prev + g ⊙ i           h = o ⊙ tanh(c)
 *
 * The memory c passes from step to step through a product with f and a sum, so its gradient does not
 * shrink through repeated tanh′ as a plain RNN's does. {@link TimeLSTM} runs it over a sequence.
 *
 * Backward: dA (the four gates' gradients side by side, see {@link lstmBackward}); dWx = xᵀ·dA,
 * dWh = h_prevᵀ·dA, db = Σₙ dA, dx = dA·Wxᵀ, dh_prev = dA·Whᵀ, dc_prev = ds ⊙ f.
 *
 * @example
 * ```ts
 * import { LSTM, Rng, Tensor } from 'scratchnet';
 * const rng = new Rng(0);
 * const cell = new LSTM(Tensor.randn([3, 8], rng), Tensor.randn([2, 8], rng), Tensor.zeros([8])); // D 3, H 2
 * const { h, c } = cell.forward(Tensor.randn([1, 3], rng), Tensor.zeros([1, 2]), Tensor.zeros([1, 2]));
 * const { dx, dhPrev, dcPrev } = cell.backward(Tensor.ones([1, 2]), Tensor.zeros([1, 2]));
 * ```
 */
export class LSTM {
  readonly kind = 'LSTM';
  readonly params: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** ∂L/∂Wx, ∂L/∂Wh, ∂L/∂b of the last backward, overwritten in place. */
  readonly grads: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  private cache: { x: Tensor; hPrev: Tensor; step: LstmStep } | null = null;

  constructor(Wx: Tensor, Wh: Tensor, b: Tensor) {
    checkRecurrentParams('LSTM', Wx, Wh, b, 4, 'f, g, i, o');
    this.params = { Wx, Wh, b };
    this.grads = zerosLike(this.params);
  }

  /** h_next and c_next from x (N, D), h_prev and c_prev (N, H). */
  forward(x: Tensor, hPrev: Tensor, cPrev: Tensor): { h: Tensor; c: Tensor } {
    const { Wx, Wh, b } = this.params;
    checkStepInputs('LSTM.forward', x, hPrev, Wx, Wh.shape[0]!);
    if (!(cPrev instanceof Tensor) || cPrev.shape.join() !== hPrev.shape.join()) {
      throw new ShapeError(`LSTM.forward: c_prev must have the shape of h_prev ${fmtShape(hPrev.shape)}, got ${cPrev instanceof Tensor ? fmtShape(cPrev.shape) : typeof cPrev}`);
    }
    const { h, c, step } = lstmForward(x.matmul(Wx, { bias: b }).add(hPrev.matmul(Wh)), cPrev);
    this.cache = { x, hPrev, step };
    return { h, c };
  }

  /** The gates f, g, i, o (N, H each) and tanh(c) of the last forward, to look inside the cell; null before one. */
  lastGates(): { f: Tensor; g: Tensor; i: Tensor; o: Tensor; tanhC: Tensor } | null {
    if (this.cache === null) return null;
    const { gates, tanhC } = this.cache.step;
    const H = tanhC.shape[1]!;
    const [f, g, i, o] = [0, 1, 2, 3].map((k) => gates.slice(1, k * H, (k + 1) * H)) as [Tensor, Tensor, Tensor, Tensor];
    return { f, g, i, o, tanhC };
  }

  /** dA = [df, dg, di, do] (lstmBackward); dWx = xᵀ·dA; dWh = h_prevᵀ·dA; db = Σ dA; dx = dA·Wxᵀ; dh_prev = dA·Whᵀ */
  backward(dhNext: Tensor, dcNext: Tensor): { dx: Tensor; dhPrev: Tensor; dcPrev: Tensor } {
    if (this.cache === null) throw new ValueError('LSTM.backward: call forward first (backward uses what forward cached)');
    const { x, hPrev, step } = this.cache;
    const { dA, dcPrev } = lstmBackward(step, dhNext, dcNext);
    this.grads.Wx.assign(x.matmul(dA, { transA: true }));
    this.grads.Wh.assign(hPrev.matmul(dA, { transA: true }));
    this.grads.b.assign(dA.sum(0));
    return { dx: dA.matmul(this.params.Wx, { transB: true }), dhPrev: dA.matmul(this.params.Wh, { transB: true }), dcPrev };
  }
}
