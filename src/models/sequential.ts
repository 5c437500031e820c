import { ValueError } from '../errors/index.js';
import { Affine } from '../layers/affine.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Convolution } from '../layers/convolution.js';
import { Dropout } from '../layers/dropout.js';
import { Flatten } from '../layers/flatten.js';
import type { Layer } from '../layers/layer.js';
import { Pooling } from '../layers/pooling.js';
import { Relu } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Tanh } from '../layers/tanh.js';
import { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { initStd, parseWeightInit, type WeightInit } from './init.js';
import { LayeredModel } from './layered-model.js';
import { DEFAULT_LOSS, type LossName } from './loss.js';

/** One layer of a {@link Sequential} network, as plain JSON. */
export type LayerSpec =
  | { readonly type: 'Affine'; readonly units: number; readonly init?: WeightInit }
  | { readonly type: 'Convolution'; readonly filters: number; readonly size: number; readonly stride?: number; readonly pad?: number; readonly init?: WeightInit }
  | { readonly type: 'Pooling'; readonly size: number; readonly stride?: number; readonly pad?: number }
  | { readonly type: 'BatchNormalization'; readonly momentum?: number }
  | { readonly type: 'Dropout'; readonly ratio?: number }
  | { readonly type: 'Relu' | 'Sigmoid' | 'Tanh' | 'Flatten' };

/** A {@link Sequential} network as plain JSON: one sample's shape and the layers in order. */
export interface SequentialSpec {
  /** One sample's shape: [features] or [C, H, W]. */
  readonly inputShape: readonly number[];
  readonly layers: readonly LayerSpec[];
  readonly weightDecay?: number;
  readonly seed?: number;
  readonly dtype?: DType;
  /** The output layer and loss (default 'softmax-cross-entropy'; 'mean-squared-error' for regression, 'sigmoid-cross-entropy' for yes/no labels). */
  readonly loss?: LossName;
}

const FIELDS: Record<string, readonly string[]> = {
  Affine: ['units', 'init'],
  Convolution: ['filters', 'size', 'stride', 'pad', 'init'],
  Pooling: ['size', 'stride', 'pad'],
  BatchNormalization: ['momentum'],
  Dropout: ['ratio'],
  Relu: [],
  Sigmoid: [],
  Tanh: [],
  Flatten: [],
};

/**
 * A network built from a JSON-serialisable list of layer specs, ending in
 * SoftmaxWithLoss (or the output layer of `loss`: IdentityWithLoss for
 * 'mean-squared-error', SigmoidWithLoss for 'sigmoid-cross-entropy'). Parameters are named in the book's style by their order:
 * the k-th Affine or Convolution owns W{k}, b{k}; the k-th BatchNormalization
 * gamma{k}, beta{k}. Weights default to 'auto' init (He before ReLU).
 *
 * @example
 * ```ts
 * import { Sequential } from 'scratchnet';
 * const net = new Sequential({
 *   inputShape: [1, 28, 28],
 *   layers: [
 *     { type: 'Convolution', filters: 8, size: 3, pad: 1 }, { type: 'Relu' }, { type: 'Pooling', size: 2, stride: 2 },
 *     { type: 'Flatten' }, { type: 'Affine', units: 64 }, { type: 'Relu' }, { type: 'Affine', units: 10 },
 *   ],
 * });
 * ```
 */
export class Sequential extends LayeredModel {
  private readonly spec: SequentialSpec;

  constructor(spec: SequentialSpec) {
    const bad = (i: number | null, why: string): never => {
      throw new ValueError(`Sequential: ${i === null ? '' : `layer ${i} `}${why}`);
    };
    if (spec === null || typeof spec !== 'object') bad(null, `the spec must be an object { inputShape, layers }, got ${JSON.stringify(spec)}`);
    const { inputShape, layers, weightDecay = 0, seed = 0, dtype = 'float32', loss = DEFAULT_LOSS } = spec;
    if (!Array.isArray(inputShape) || !(inputShape.length === 1 || inputShape.length === 3) || !inputShape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      bad(null, `inputShape must be [features] or [C, H, W] of positive integers, got ${JSON.stringify(inputShape)}`);
    }
    if (!Array.isArray(layers) || layers.length === 0) bad(null, `layers must be a non-empty list, got ${JSON.stringify(layers)}`);
    super(inputShape, weightDecay, loss);
    this.spec = { inputShape: [...inputShape], layers: JSON.parse(JSON.stringify(layers)) as LayerSpec[], weightDecay, seed, dtype, loss: this.lossName };
    const rng = new Rng(seed);
    const dropRng = Rng.derive(seed, 1);
    const counts: Record<string, number> = {};
    const next = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);
    let weights = 0;
    let norms = 0;
    // trace one sample through the layers to size each weight
    let probe = Tensor.zeros([1, ...inputShape], { dtype });
    layers.forEach((raw, i) => {
      if (raw === null || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string' || !((raw as { type: string }).type in FIELDS)) {
        bad(i, `has unknown type ${JSON.stringify((raw as { type?: unknown })?.type)}; known: ${Object.keys(FIELDS).join(', ')}`);
      }
      const s = raw as LayerSpec & Record<string, unknown>;
      const extra = Object.keys(s).filter((k) => k !== 'type' && !FIELDS[s.type]!.includes(k));
      if (extra.length > 0) bad(i, `(${s.type}) has unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}; allowed: ${FIELDS[s.type]!.join(', ') || 'none'}`);
      const int = (k: string, fallback?: number, min = 1): number => {
        const v = s[k] ?? fallback;
        if (!Number.isSafeInteger(v) || (v as number) < min) bad(i, `(${s.type}) needs ${k} as an integer ≥ ${min}, got ${JSON.stringify(s[k])}`);
        return v as number;
      };
      const init = (): WeightInit => (s.init === undefined ? 'auto' : typeof s.init === 'number' ? s.init : parseWeightInit(String(s.init)));
      const nextIsRelu = layers[i + 1]?.type !== 'Sigmoid' && layers[i + 1]?.type !== 'Tanh';
      let layer: Layer;
      let names: Record<string, string> = {};
      try {
        switch (s.type) {
          case 'Affine': {
            const units = int('units');
            const fanIn = probe.size;
            const k = ++weights;
            layer = new Affine(Tensor.randn([fanIn, units], rng, { std: initStd(init(), fanIn, nextIsRelu ? 'relu' : 'sigmoid'), dtype }), Tensor.zeros([units], { dtype }));
            names = { W: `W${k}`, b: `b${k}` };
            break;
          }
          case 'Convolution': {
            if (probe.ndim !== 4) bad(i, `(Convolution) needs [C, H, W] input, but the layer before gives ${probe.size} flat features`);
            const [filters, size] = [int('filters'), int('size')];
            const C = probe.shape[1]!;
            const k = ++weights;
            const W = Tensor.randn([filters, C, size, size], rng, { std: initStd(init(), C * size * size, nextIsRelu ? 'relu' : 'sigmoid'), dtype });
            layer = new Convolution(W, Tensor.zeros([filters], { dtype }), int('stride', 1), int('pad', 0, 0));
            names = { W: `W${k}`, b: `b${k}` };
            break;
          }
          case 'Pooling': {
            const size = int('size');
            layer = new Pooling(size, size, int('stride', size), int('pad', 0, 0));
            break;
          }
          case 'BatchNormalization': {
            const D = probe.shape[1]!;
            const k = ++norms;
            layer = new BatchNormalization(Tensor.ones([D], { dtype }), Tensor.zeros([D], { dtype }), (s.momentum as number | undefined) ?? 0.9);
            names = { gamma: `gamma${k}`, beta: `beta${k}`, running_mean: `running_mean${k}`, running_var: `running_var${k}` };
            break;
          }
          case 'Dropout':
            layer = new Dropout((s.ratio as number | undefined) ?? 0.5, dropRng);
            break;
          case 'Relu':
            layer = new Relu();
            break;
          case 'Sigmoid':
            layer = new Sigmoid();
            break;
          case 'Tanh':
            layer = new Tanh();
            break;
          case 'Flatten':
            layer = new Flatten();
            break;
        }
        probe = layer.forward(probe, { train: false });
      } catch (e) {
        if (e instanceof ValueError && e.message.startsWith('Sequential:')) throw e;
        throw new ValueError(`Sequential: layer ${i} (${s.type}): ${(e as Error).message}`);
      }
      this.add(`${s.type}${next(s.type)}`, layer, names);
    });
    if (probe.ndim !== 2) bad(null, `the last layer must give a flat vector of scores (or numbers) per sample, got shape [${probe.shape.slice(1).join(', ')}]; add a Flatten and an Affine`);
  }

  config(): Readonly<Record<string, unknown>> {
    return { model: 'sequential', ...this.spec };
  }
}
