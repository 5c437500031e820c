import { ShapeError, fmtShape } from '../errors/index.js';
import type { Model } from '../models/model.js';

/** The first layer's weights as small images: one tile per hidden unit or filter. */
export interface WeightTiles {
  /** The layer they belong to, e.g. `Affine1` or `Conv1`, and its weight's name in the model (`W1`). */
  readonly layer: string;
  readonly param: string;
  readonly count: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** count × channels × height × width values, tile after tile. */
  readonly data: Float32Array;
}

/**
 * The weights of the model's first layer with weights, as images: each column of an Affine's W
 * (a hidden unit's weights on the input pixels) as a side × side tile when the inputs are square
 * images, or each filter of a Convolution, as in the book's figure 7-24.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, firstLayerWeights } from 'scratchnet';
 * const tiles = firstLayerWeights(new TwoLayerNet(784, 50, 10));
 * console.log(tiles.count, tiles.height, tiles.width); // 50 28 28
 * ```
 */
export function firstLayerWeights(model: Model): WeightTiles {
  for (const [layer, l] of model.layers) {
    const W = l.params.W;
    if (W === undefined) continue;
    const param = Object.keys(model.params).find((k) => model.params[k] === W) ?? 'W';
    if (W.ndim === 4) {
      const [count, channels, height, width] = W.shape as [number, number, number, number];
      return { layer, param, count, channels, height, width, data: Float32Array.from(W.data) };
    }
    if (W.ndim !== 2) throw new ShapeError(`firstLayerWeights: ${layer}'s weights have shape ${fmtShape(W.shape)}; expected (inputs, units) or (filters, C, FH, FW)`);
    const [inputs, count] = W.shape as [number, number];
    const shape = model.inputShape.length === 3 ? model.inputShape : [1, Math.round(Math.sqrt(inputs)), Math.round(Math.sqrt(inputs))];
    const [channels, height, width] = shape as [number, number, number];
    if (channels * height * width !== inputs) {
      throw new ShapeError(`firstLayerWeights: ${layer} takes ${inputs} inputs, not an image; weights show as images when the inputs are one (28×28 = 784 for MNIST)`);
    }
    const data = new Float32Array(inputs * count);
    for (let u = 0; u < count; u++) for (let i = 0; i < inputs; i++) data[u * inputs + i] = W.data[i * count + u]!;
    return { layer, param, count, channels, height, width, data };
  }
  throw new ShapeError('firstLayerWeights: the model has no layer with weights');
}
