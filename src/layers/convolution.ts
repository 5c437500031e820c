import type { ConvGeometry } from '../backend/kernels.js';
import { DTypeError, ShapeError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkStridePad, convGeometry } from './conv-geometry.js';
import { col2im, im2colReusing } from './im2col.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer } from './layer.js';

/**
 * Convolution over NCHW input with filters W (FN, C, FH, FW) and bias b (FN),
 * computed the book's way: im2col turns every window into a row, so the whole
 * layer is one matrix product col·W_colᵀ (W_col = W as (FN, C·FH·FW); no
 * transposed copy is made).
 *
 * @example
 * ```ts
 * import { Convolution, Rng, Tensor } from 'scratchnet';
 * const rng = new Rng(0);
 * const conv = new Convolution(Tensor.randn([30, 1, 5, 5], rng, { std: 0.01 }), Tensor.zeros([30]));
 * const y = conv.forward(Tensor.randn([2, 1, 28, 28], rng)); // [2, 30, 24, 24]
 * const dx = conv.backward(Tensor.ones(y.shape));          // [2, 1, 28, 28]
 * ```
 */
export class Convolution implements Layer {
  readonly kind = 'Convolution';
  readonly params: { readonly W: Tensor; readonly b: Tensor };
  /** ∂L/∂W and ∂L/∂b of the last backward: the same two tensors for the layer's life, overwritten in place. */
  readonly grads: { readonly W: Tensor; readonly b: Tensor };
  private col: Tensor | null = null;
  /** The columns' gradient, kept between steps (written whole by each backward) to spare fresh memory. */
  private dcol: Tensor | null = null;
  private geom: ConvGeometry | null = null;
  private out: Tensor | null = null;

  constructor(W: Tensor, b: Tensor, readonly stride = 1, readonly pad = 0) {
    checkTensor('Convolution', W, 'filters W');
    checkTensor('Convolution', b, 'bias b');
    if (W.ndim !== 4) throw new ShapeError(`Convolution: filters W must be (FN, C, FH, FW), got ${fmtShape(W.shape)}`);
    if (b.ndim !== 1 || b.shape[0] !== W.shape[0]) throw new ShapeError(`Convolution: b must have shape [${W.shape[0]}] (one per filter), got ${fmtShape(b.shape)}`);
    if (W.dtype !== b.dtype) throw new DTypeError(`Convolution: W is ${W.dtype} but b is ${b.dtype}`);
    checkStridePad('Convolution', stride, pad);
    this.params = { W, b };
    this.grads = { W: Tensor.zeros(W.shape, { dtype: W.dtype }), b: Tensor.zeros(b.shape, { dtype: b.dtype }) };
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    checkTensor('Convolution.forward', x);
    const [FN, C, FH, FW] = this.params.W.shape as [number, number, number, number];
    if (x.dtype !== this.params.W.dtype) throw new DTypeError(`Convolution: input is ${x.dtype} but W is ${this.params.W.dtype}`);
    if (x.ndim === 4 && x.shape[1] !== C) {
      throw new ShapeError(`Convolution: input has ${x.shape[1]} channels (shape ${fmtShape(x.shape)}) but the filters expect ${C} (W ${fmtShape(this.params.W.shape)})`);
    }
    const g = convGeometry('Convolution', x.shape, FH, FW, this.stride, this.pad);
    this.geom = g;
    this.col = im2colReusing(x, FH, FW, this.stride, this.pad, this.col); // (N·OH·OW, C·FH·FW), in the last step's columns
    // col·Wᵀ + b: (N·OH·OW, FN), each sample's (OH·OW, FN) rows handed back transposed, (N, FN, OH·OW):
    // the book's reshape(N, OH, OW, FN).transpose(0, 3, 1, 2), without a second pass over the result
    const y = this.col.matmul(this.params.W.reshape(FN, -1), { transB: true, bias: this.params.b, transposeBlocks: g.N });
    this.out = y.reshape(g.N, FN, g.OH, g.OW);
    return this.out;
  }

  // with dout as rows d (N·OH·OW, FN): db = Σ rows, dW = dᵀ·col reshaped to (FN, C, FH, FW), dx = col2im(d·W_col)
  backward(dout: Tensor): Tensor {
    const d = this.rowsOf(dout);
    this.fillGrads(d);
    const g = this.geom!;
    const FN = this.params.W.shape[0]!;
    const W = this.params.W.reshape(FN, -1);
    if (this.dcol === null || this.dcol.size !== d.shape[0]! * W.shape[1]! || this.dcol.dtype !== d.dtype) this.dcol = Tensor.zeros([d.shape[0]!, W.shape[1]!], { dtype: d.dtype });
    const dcol = d.matmul(W, { out: this.dcol });
    return col2im(dcol, [g.N, g.C, g.H, g.W], g.FH, g.FW, this.stride, this.pad);
  }

  /** The parameter gradients only (no dcol, no col2im): for a first layer. */
  backwardParams(dout: Tensor): void {
    this.fillGrads(this.rowsOf(dout));
  }

  /** dout (N, FN, OH, OW) as rows d (N·OH·OW, FN), after checking it. */
  private rowsOf(dout: Tensor): Tensor {
    checkDout('Convolution', dout, this.out);
    return dout.permute(0, 2, 3, 1).reshape(-1, this.params.W.shape[0]!);
  }

  private fillGrads(d: Tensor): void {
    d.matmul(this.col!, { transA: true, out: this.grads.W }); // (FN, C·FH·FW) into W's (FN, C, FH, FW)
    d.sum(0, { out: this.grads.b });
  }
}
