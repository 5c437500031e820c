/** What the book's second-volume models share: named parameters gathered from their layers, the book's initial weights, the state for files and checkpoints. */
import { ValueError } from '../errors/index.js';
import type { TensorRecord } from '../layers/layer.js';
import { checkIds } from '../layers/time/checks.js';
import type { Rng, RngState } from '../random/rng.js';
import { checkDType, type DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { assignParams } from './model.js';

/** The sizes and choices every sequence model takes. */
export interface SequenceModelOptions {
  /** Number of distinct ids (characters or words). */
  readonly vocabSize: number;
  /** Size D of the word vectors (the embedding's columns). */
  readonly wordvecSize?: number;
  /** Size H of the LSTM's hidden state. */
  readonly hiddenSize?: number;
  /** Seed of the initial weights (and of dropout masks where there is dropout); default 0. */
  readonly seed?: number;
  /** float32 (default) or float64 (for gradient checks). */
  readonly dtype?: DType;
}

/** The options after checking, with a model's defaults filled in. */
export interface SequenceSizes {
  readonly vocabSize: number;
  readonly wordvecSize: number;
  readonly hiddenSize: number;
  readonly seed: number;
  readonly dtype: DType;
}

/** Checks the sizes (whole numbers ≥ 1), the seed and the dtype; fills in the model's defaults. */
export function checkSizes(where: string, o: SequenceModelOptions, defaults: { wordvecSize: number; hiddenSize: number }): SequenceSizes {
  if (o === null || typeof o !== 'object') throw new ValueError(`${where}: expected options { vocabSize, wordvecSize?, hiddenSize? }, got ${o === null ? 'null' : typeof o}`);
  const sizes = { vocabSize: o.vocabSize, wordvecSize: o.wordvecSize ?? defaults.wordvecSize, hiddenSize: o.hiddenSize ?? defaults.hiddenSize };
  for (const [k, v] of Object.entries(sizes)) {
    if (!Number.isSafeInteger(v) || v < 1) throw new ValueError(`${where}: ${k} must be a whole number ≥ 1, got ${v}`);
  }
  const seed = o.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new ValueError(`${where}: seed must be a whole number, got ${seed}`);
  return { ...sizes, seed, dtype: checkDType(o.dtype ?? 'float32', where) };
}

/** The book's initial weights: randn(rows, cols) / divisor (e.g. √D for an LSTM's Wx, 100 for an embedding). */
export function randn(rng: Rng, shape: readonly number[], divisor: number, dtype: DType): Tensor {
  return Tensor.randn(shape, rng, { dtype, std: 1 / divisor });
}

/** An LSTM's Wx (D, 4H) / √D, Wh (H, 4H) / √H and b (4H) zeros, as every model of the book starts it. */
export function lstmWeights(rng: Rng, D: number, H: number, dtype: DType): [Tensor, Tensor, Tensor] {
  return [randn(rng, [D, 4 * H], Math.sqrt(D), dtype), randn(rng, [H, 4 * H], Math.sqrt(H), dtype), Tensor.zeros([4 * H], { dtype })];
}

/** Throws unless xs (N, T) and ts (N, ≥ minT) are int32 ids of the vocabulary with the same N. */
export function checkBatch(where: string, xs: Tensor<'int32'>, ts: Tensor<'int32'>, vocab: number, minT: number, ignore?: number): void {
  checkIds(where, xs, vocab, 2, 'ids');
  checkIds(where, ts, vocab, 2, 'labels', ignore);
  if (ts.shape[0] !== xs.shape[0]) throw new ValueError(`${where}: ${xs.shape[0]} input rows but ${ts.shape[0]} label rows`);
  if (ts.shape[1]! < minT) throw new ValueError(`${where}: the labels need at least ${minT} time steps, got ${ts.shape[1]}`);
}

/** The parts of a sequence model: its parameters and gradients under `prefix.name`, its generators, and what they do for the model files. */
export abstract class SequenceModelBase {
  readonly params: TensorRecord = {};
  readonly grads: TensorRecord = {};
  readonly buffers: TensorRecord = {};
  protected readonly rngs: Rng[] = [];

  /** Adds a layer's parameters and gradients as `prefix.name` (the gradient tensors are the layer's own, overwritten by each backward). */
  protected register(prefix: string, layer: { readonly params: Readonly<TensorRecord>; readonly grads: Readonly<TensorRecord> }, skip: readonly string[] = []): void {
    for (const [k, p] of Object.entries(layer.params)) {
      if (skip.includes(k)) continue;
      this.params[`${prefix}.${k}`] = p;
      this.grads[`${prefix}.${k}`] = layer.grads[k]!;
    }
  }

  /** Replaces every parameter's values (validated names, shapes, dtypes). */
  setParams(params: Readonly<TensorRecord>): void {
    assignParams(this.constructor.name, this.params, params);
  }

  /** These models have no buffers; anything given is refused. */
  setBuffers(buffers: Readonly<TensorRecord>): void {
    const names = Object.keys(buffers ?? {});
    if (names.length > 0) throw new ValueError(`${this.constructor.name}.setBuffers: the model has no buffers, got ${names.join(', ')}`);
  }

  /** The states of the model's dropout generators (none without dropout). */
  randomState(): RngState[] {
    return this.rngs.map((r) => r.state());
  }

  /** Restores what `randomState` returned. */
  setRandomState(states: readonly RngState[]): void {
    if (!Array.isArray(states) || states.length !== this.rngs.length) {
      throw new ValueError(`${this.constructor.name}.setRandomState: expected ${this.rngs.length} generator states, got ${Array.isArray(states) ? states.length : typeof states}`);
    }
    this.rngs.forEach((r, i) => r.setState(states[i]!));
  }
}

/** Picks id i with probability p[i] (p summing to 1) from one uniform draw. */
export function sampleId(p: ArrayLike<number>, u: number): number {
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i]!;
    if (u < acc) return i;
  }
  for (let i = p.length - 1; i >= 0; i--) if (p[i]! > 0) return i; // u within rounding of 1
  return p.length - 1;
}
