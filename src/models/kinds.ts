/**
 * The model kinds, in one table: how each is built from a few choices and the data's sizes, rebuilt
 * from the config a model file stores, described in a line, and trained by default. The registry,
 * the command line and the model files all read this table, so a new model is its own file and one
 * entry here.
 */
import { ValueError } from '../errors/index.js';
import type { DType } from '../tensor/dtype.js';
import { DeepConvNet } from './deep-conv-net.js';
import type { Activation, WeightInit } from './init.js';
import { DEFAULT_LOSS, checkLoss, type LossName } from './loss.js';
import type { Model } from './model.js';
import { MultiLayerNet, MultiLayerNetExtend } from './multi-layer-net.js';
import { Sequential, type SequentialSpec } from './sequential.js';
import { SimpleConvNet } from './simple-conv-net.js';
import { TwoLayerNet } from './two-layer-net.js';
import { SEQUENCE_KINDS } from './sequence-kinds.js';
import type { SequenceModel } from './sequence-model.js';
import type { BetterRnnlmOptions } from './better-rnnlm.js';

/** What a kind is built from: the data's sizes, and the choices a user may make. */
export interface BuildOptions {
  /** One sample's shape: [features] or [C, H, W]. */
  readonly inputShape: readonly number[];
  readonly outputSize: number;
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  readonly init?: WeightInit;
  readonly weightDecay?: number;
  readonly batchNorm?: boolean;
  readonly dropout?: number;
  readonly seed?: number;
  readonly dtype?: DType;
  /** The task's output layer and loss, which every kind takes (default 'softmax-cross-entropy'; 'mean-squared-error' for regression, 'sigmoid-cross-entropy' for yes/no labels). */
  readonly loss?: LossName;
}

/** The choices of BuildOptions; each kind takes some of them. */
export type BuildChoice = 'hidden' | 'activation' | 'init' | 'weightDecay' | 'batchNorm' | 'dropout';

/** One entry of {@link MODEL_KINDS}: a model kind, how it is built, rebuilt from a file and trained by default. */
export interface ModelKind {
  readonly name: string;
  /** One line for help texts. */
  readonly about: string;
  /** Flat samples ([features]), images ([C, H, W]), or id sequences (the sequence models, built through `sequence`). */
  readonly input: 'flat' | 'image' | 'ids';
  /** The choices this kind takes; any other is refused by {@link buildModel}. */
  readonly takes: readonly BuildChoice[];
  /** How the book trains it: the optimizer, and a learning rate that replaces the optimizer's default. */
  readonly training: { readonly optimizer: 'sgd' | 'adam'; readonly lr?: number };
  /** Builds the kind from the data's sizes and the user's choices. */
  build(o: BuildOptions): Model;
  /** Rebuilds it from the config a model file stores. */
  fromConfig(c: Readonly<Record<string, unknown>>): Model;
  /** A few words for messages. */
  describe(c: Readonly<Record<string, unknown>>): string;
  /** For a sequence model (input 'ids'): how it is built and rebuilt; its `build` and `fromConfig` above refuse. */
  readonly sequence?: {
    /** Builds the model from its sizes. */
    build(o: BetterRnnlmOptions): SequenceModel;
    /** Rebuilds it from the config a model file stores. */
    fromConfig(c: Readonly<Record<string, unknown>>): SequenceModel;
  };
}

type Config = Readonly<Record<string, unknown>>;
const without = (c: Config, key: string): Record<string, unknown> => Object.fromEntries(Object.entries(c).filter(([k]) => k !== key));
const one = (kind: string, hidden: readonly number[] | undefined, fallback: number): number => {
  if (hidden === undefined) return fallback;
  if (hidden.length !== 1) throw new ValueError(`${kind}: hidden is one number (its hidden layer), got ${hidden.join(',')}`);
  return hidden[0]!;
};
const imageInput = (kind: string, shape: readonly number[]): [number, number, number] => {
  if (shape.length !== 3) throw new ValueError(`${kind}: takes images of shape [C, H, W], the data has samples of shape [${shape.join(', ')}]`);
  return [shape[0]!, shape[1]!, shape[2]!];
};
const flatInput = (kind: string, shape: readonly number[]): number => {
  if (shape.length !== 1) throw new ValueError(`${kind}: takes flat samples [features], the data has samples of shape [${shape.join(', ')}]`);
  return shape[0]!;
};
const mlpDescription = (c: Config): string => {
  const extras = [c.useBatchnorm ? 'batch norm' : '', c.useDropout ? `dropout ${c.dropoutRatio}` : '', c.weightDecay ? `weight decay ${c.weightDecay}` : ''].filter(Boolean);
  return `${c.model} ${[c.inputSize, ...(c.hiddenSizes as number[]), c.outputSize].join('-')} ${c.activation}${extras.length ? `, ${extras.join(', ')}` : ''}`;
};
const lossOf = (o: BuildOptions) => (o.loss === undefined ? {} : { loss: o.loss });
const number = (c: Config, k: string): number => {
  if (typeof c[k] !== 'number') throw new ValueError(`model config '${String(c.model)}': ${k} must be a number, got ${JSON.stringify(c[k])}`);
  return c[k] as number;
};

const KINDS: readonly ModelKind[] = [
  {
    name: 'two-layer',
    about: "the book's chapter-5 TwoLayerNet (784-50-10)",
    input: 'flat',
    takes: ['hidden', 'activation', 'init'],
    training: { optimizer: 'sgd', lr: 0.1 },
    build: (o) => {
      if (o.init !== undefined && typeof o.init !== 'number') throw new ValueError(`two-layer: init is a number (the book's weight_init_std), got '${o.init}'`);
      if (o.activation === 'tanh') throw new ValueError('two-layer: activation is relu or sigmoid, got tanh');
      return new TwoLayerNet(flatInput('two-layer', o.inputShape), one('two-layer', o.hidden, 50), o.outputSize, { activation: o.activation ?? 'relu', weightInitStd: o.init ?? 0.01, seed: o.seed ?? 0, ...(o.dtype ? { dtype: o.dtype } : {}), ...lossOf(o) });
    },
    fromConfig: (c) => new TwoLayerNet(number(c, 'inputSize'), number(c, 'hiddenSize'), number(c, 'outputSize'), { weightInitStd: number(c, 'weightInitStd'), activation: c.activation as 'relu' | 'sigmoid', dtype: c.dtype as DType, ...(c.loss === undefined ? {} : { loss: c.loss as LossName }) }),
    describe: (c) => `two-layer ${c.inputSize}-${c.hiddenSize}-${c.outputSize} ${c.activation}`,
  },
  {
    name: 'mlp',
    about: "chapter 6's MultiLayerNet (five hidden layers of 100)",
    input: 'flat',
    takes: ['hidden', 'activation', 'init', 'weightDecay'],
    training: { optimizer: 'sgd' },
    build: (o) => new MultiLayerNet({ inputSize: flatInput('mlp', o.inputShape), hiddenSizes: o.hidden ?? [100, 100, 100, 100, 100], outputSize: o.outputSize, activation: o.activation ?? 'relu', weightInit: o.init ?? 'auto', weightDecay: o.weightDecay ?? 0, seed: o.seed ?? 0, ...(o.dtype ? { dtype: o.dtype } : {}), ...lossOf(o) }),
    fromConfig: (c) => new MultiLayerNet(without(c, 'model') as never),
    describe: mlpDescription,
  },
  {
    name: 'mlp-extend',
    about: "chapter 6's MultiLayerNetExtend (with batch norm and dropout)",
    input: 'flat',
    takes: ['hidden', 'activation', 'init', 'weightDecay', 'batchNorm', 'dropout'],
    training: { optimizer: 'sgd' },
    build: (o) =>
      new MultiLayerNetExtend({
        inputSize: flatInput('mlp-extend', o.inputShape), hiddenSizes: o.hidden ?? [100, 100, 100, 100, 100], outputSize: o.outputSize, activation: o.activation ?? 'relu',
        weightInit: o.init ?? 'auto', weightDecay: o.weightDecay ?? 0, useBatchnorm: o.batchNorm ?? false, useDropout: o.dropout !== undefined, dropoutRatio: o.dropout ?? 0.5, seed: o.seed ?? 0, ...(o.dtype ? { dtype: o.dtype } : {}), ...lossOf(o),
      }),
    fromConfig: (c) => new MultiLayerNetExtend(without(c, 'model') as never),
    describe: mlpDescription,
  },
  {
    name: 'simple-conv',
    about: "chapter 7's SimpleConvNet (conv 30×5×5, pool, 100, 10)",
    input: 'image',
    takes: ['hidden', 'init'],
    training: { optimizer: 'adam' },
    build: (o) => new SimpleConvNet({ inputDim: imageInput('simple-conv', o.inputShape), hiddenSize: one('simple-conv', o.hidden, 100), outputSize: o.outputSize, weightInit: o.init ?? 0.01, seed: o.seed ?? 0, ...(o.dtype ? { dtype: o.dtype } : {}), ...lossOf(o) }),
    fromConfig: (c) => new SimpleConvNet(without(c, 'model') as never),
    describe: (c) => `simple-conv (${c.filterNum} filters ${c.filterSize}×${c.filterSize}, hidden ${c.hiddenSize})`,
  },
  {
    name: 'deep-conv',
    about: "chapter 8's DeepConvNet (six 3×3 convolutions, dropout)",
    input: 'image',
    takes: ['hidden', 'dropout'],
    training: { optimizer: 'adam' },
    build: (o) => {
      const [C, H, W] = imageInput('deep-conv', o.inputShape);
      if (C !== 1 || H !== 28 || W !== 28) throw new ValueError(`deep-conv: the book's network takes 1×28×28 images, the data has ${C}×${H}×${W}`);
      return new DeepConvNet({ hiddenSize: one('deep-conv', o.hidden, 50), outputSize: o.outputSize, dropoutRatio: o.dropout ?? 0.5, seed: o.seed ?? 0, ...(o.dtype ? { dtype: o.dtype } : {}), ...lossOf(o) });
    },
    fromConfig: (c) => new DeepConvNet(without(c, 'model') as never),
    describe: (c) => `deep-conv (hidden ${c.hiddenSize}, dropout ${c.dropoutRatio})`,
  },
  {
    name: 'sequential',
    about: 'a Sequential spec: a JSON list of layers',
    input: 'flat',
    takes: [],
    training: { optimizer: 'sgd' },
    build: () => {
      throw new ValueError('sequential: build it from its spec (new Sequential(spec), or a FILE.json on the command line)');
    },
    fromConfig: (c) => new Sequential(without(c, 'model') as unknown as SequentialSpec),
    describe: (c) => `sequential (${(c.layers as { type: string }[]).map((l) => l.type).join(', ')})`,
  },
  SEQUENCE_KINDS.rnnlm,
  SEQUENCE_KINDS.betterRnnlm,
  SEQUENCE_KINDS.seq2seq,
  SEQUENCE_KINDS.peekySeq2seq,
  SEQUENCE_KINDS.attentionSeq2seq,
];

/** Every model kind by name. */
export const MODEL_KINDS: ReadonlyMap<string, ModelKind> = new Map(KINDS.map((k) => [k.name, k]));

/** The kind of a name, or a ValueError listing the known ones. */
export function modelKind(name: string): ModelKind {
  const kind = MODEL_KINDS.get(name);
  if (kind === undefined) throw new ValueError(`unknown model ${JSON.stringify(name)}; known: ${[...MODEL_KINDS.keys()].join(', ')}`);
  return kind;
}

/**
 * Builds a model of a kind from the data's sizes and the user's choices; a choice the kind does not take is an error.
 *
 * @example
 * ```ts
 * import { buildModel } from 'scratchnet';
 * const net = buildModel('mlp', { inputShape: [784], outputSize: 10, hidden: [100, 50], activation: 'tanh' });
 * net.config(); // { model: 'mlp', inputSize: 784, hiddenSizes: [100, 50], ... }
 * ```
 */
export function buildModel(name: string, options: BuildOptions): Model {
  const kind = modelKind(name);
  if (options?.loss !== undefined) checkLoss(name, options.loss);
  for (const choice of ['hidden', 'activation', 'init', 'weightDecay', 'batchNorm', 'dropout'] as const) {
    const given = choice === 'batchNorm' ? options.batchNorm === true : options[choice] !== undefined;
    if (given && !kind.takes.includes(choice)) {
      const takers = KINDS.filter((k) => k.takes.includes(choice)).map((k) => k.name);
      throw new ValueError(`${choice} works with the models ${takers.join(', ')}, not ${name}`);
    }
  }
  return kind.build(options);
}

/** A model in a few words for messages, e.g. `two-layer 784-50-10 relu` (and its loss when it is not softmax cross-entropy). */
export function describeModel(model: Model): string {
  const c = model.config();
  const kind = MODEL_KINDS.get(String(c.model));
  const loss = model.lossName === DEFAULT_LOSS ? '' : `, ${model.lossName}`;
  return (kind === undefined ? String(c.model ?? 'model') : kind.describe(c)) + loss;
}
