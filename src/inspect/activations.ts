import type { Model } from '../models/model.js';
import type { Tensor } from '../tensor/tensor.js';
import { histogram, type Histogram } from './histogram.js';

/** One layer's eval-mode output for a batch. */
export interface LayerOutput {
  readonly name: string;
  readonly kind: string;
  readonly output: Tensor;
}

/** Each layer's output for x, in order (eval mode: dropout off, batch norm's running averages). */
export function layerOutputs(model: Model, x: Tensor): LayerOutput[] {
  const out: LayerOutput[] = [];
  for (const [name, layer] of model.layers) {
    x = layer.forward(x, { train: false });
    out.push({ name, kind: layer.kind, output: x });
  }
  return out;
}

/** The histogram of one activation layer's outputs. */
export interface ActivationHistogram extends Histogram {
  /** The layer's name in the model, e.g. `Relu1`, and its kind. */
  readonly layer: string;
  readonly kind: string;
  /** Outputs counted: samples × the layer's units. */
  readonly total: number;
  /** Outputs exactly 0 (a ReLU's inactive units). */
  readonly zeros: number;
}

const ACTIVATIONS: Readonly<Record<string, readonly [number, number] | null>> = { Sigmoid: [0, 1], Tanh: [-1, 1], Relu: null };

/**
 * The distribution of every activation layer's outputs for the samples x, as the book's figure 6-10
 * draws it: 30 bins over [0, 1] for Sigmoid (as in the book), [−1, 1] for Tanh, [0, the largest
 * output] for ReLU.
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TwoLayerNet, activationHistograms } from 'scratchnet';
 * const net = new TwoLayerNet(784, 50, 10, { activation: 'sigmoid' });
 * const [h] = activationHistograms(net, Tensor.randn([100, 784], new Rng(0)));
 * console.log(h.layer, h.counts); // Sigmoid1 and 30 counts over [0, 1]
 * ```
 */
export function activationHistograms(model: Model, x: Tensor, options: { readonly bins?: number } = {}): ActivationHistogram[] {
  return layerOutputs(model, x)
    .filter((l) => l.kind in ACTIVATIONS)
    .map(({ name, kind, output }) => {
      const fixed = ACTIVATIONS[kind];
      let max = 0;
      let zeros = 0;
      for (const v of output.data) {
        if (v > max) max = v;
        if (v === 0) zeros++;
      }
      const h = histogram(output.data, { bins: options.bins ?? 30, range: fixed ?? [0, max > 0 ? max : 1] });
      return { ...h, layer: name, kind, total: output.size, zeros };
    });
}
