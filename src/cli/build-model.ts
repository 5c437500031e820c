import { existsSync, readFileSync } from 'node:fs';
import { ValueError } from '../errors/index.js';
import { parseWeightInit, type Activation, type WeightInit } from '../models/init.js';
import type { Model } from '../models/model.js';
import { DeepConvNet } from '../models/deep-conv-net.js';
import { MultiLayerNet, MultiLayerNetExtend } from '../models/multi-layer-net.js';
import { Sequential, type SequentialSpec } from '../models/sequential.js';
import { SimpleConvNet } from '../models/simple-conv-net.js';
import { TwoLayerNet } from '../models/two-layer-net.js';
import { CliError } from './args.js';

export const CLI_MODELS = ['two-layer', 'mlp', 'mlp-extend', 'simple-conv', 'deep-conv'] as const;

export interface ModelFlags {
  readonly model: string;
  readonly hidden?: string;
  readonly activation?: Activation;
  readonly init?: string;
  readonly weightDecay?: number;
  readonly batchNorm: boolean;
  readonly dropout?: number;
  readonly seed: number;
}

function hiddenList(text: string | undefined, fallback: number[]): number[] {
  if (text === undefined) return fallback;
  const parts = text.split(',').map((s) => s.trim());
  const sizes = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || sizes.some((n) => n < 1)) throw new CliError(`--hidden must be positive whole numbers separated by commas (e.g. 100,100,100), got '${text}'`);
  return sizes;
}

/** Builds the model the train flags describe; flags that do not apply to the model are errors, not ignored. */
export function buildModel(f: ModelFlags): Model {
  const isFile = f.model.endsWith('.json');
  if (!isFile && !(CLI_MODELS as readonly string[]).includes(f.model)) {
    throw new CliError(`unknown model '${f.model}' (use ${CLI_MODELS.join(', ')}, or a Sequential spec FILE.json)`);
  }
  const only = (flag: string, given: boolean, models: readonly string[]) => {
    if (given && !models.includes(f.model)) throw new CliError(`${flag} works with --model ${models.join(' or ')}, not ${f.model}`);
  };
  only('--batch-norm', f.batchNorm, ['mlp-extend']);
  only('--dropout', f.dropout !== undefined, ['mlp-extend', 'deep-conv']);
  only('--weight-decay', f.weightDecay !== undefined, ['mlp', 'mlp-extend']);
  only('--activation', f.activation !== undefined, ['two-layer', 'mlp', 'mlp-extend']);
  only('--hidden', f.hidden !== undefined, ['two-layer', 'mlp', 'mlp-extend', 'simple-conv', 'deep-conv']);
  let init: WeightInit | undefined;
  try {
    init = f.init === undefined ? undefined : parseWeightInit(f.init);
  } catch (e) {
    throw new CliError(`--init: ${(e as Error).message}`);
  }
  const seed = f.seed;
  const single = (name: string, fallback: number): number => {
    const list = hiddenList(f.hidden, [fallback]);
    if (list.length !== 1) throw new CliError(`--hidden for ${name} is one number (its hidden layer), got '${f.hidden}'`);
    return list[0]!;
  };
  switch (f.model) {
    case 'two-layer': {
      if (init !== undefined && typeof init !== 'number') throw new CliError(`--init for two-layer is a number (the book's weight_init_std), got '${f.init}'`);
      const activation = f.activation ?? 'relu';
      if (activation === 'tanh') throw new CliError(`--activation for two-layer is relu or sigmoid, got tanh`);
      return new TwoLayerNet(784, single('two-layer', 50), 10, { activation, weightInitStd: init ?? 0.01, seed });
    }
    case 'mlp':
    case 'mlp-extend': {
      const common = {
        inputSize: 784, hiddenSizes: hiddenList(f.hidden, [100, 100, 100, 100, 100]), outputSize: 10,
        activation: f.activation ?? 'relu', weightInit: init ?? 'auto', weightDecay: f.weightDecay ?? 0, seed,
      };
      if (f.model === 'mlp') return new MultiLayerNet(common);
      return new MultiLayerNetExtend({ ...common, useBatchnorm: f.batchNorm, useDropout: f.dropout !== undefined, dropoutRatio: f.dropout ?? 0.5 });
    }
    case 'simple-conv':
      return new SimpleConvNet({ hiddenSize: single('simple-conv', 100), weightInit: init ?? 0.01, seed });
    case 'deep-conv':
      if (init !== undefined) throw new CliError('--init does not apply to deep-conv (the book uses He initialization throughout)');
      return new DeepConvNet({ hiddenSize: single('deep-conv', 50), dropoutRatio: f.dropout ?? 0.5, seed });
    default: {
      if (!existsSync(f.model)) throw new CliError(`--model ${f.model}: no such file`);
      let spec: SequentialSpec;
      try {
        spec = JSON.parse(readFileSync(f.model, 'utf8')) as SequentialSpec;
      } catch (e) {
        throw new CliError(`--model ${f.model}: not valid JSON (${(e as Error).message})`);
      }
      try {
        return new Sequential({ ...spec, seed: spec.seed ?? seed });
      } catch (e) {
        if (e instanceof ValueError) throw new CliError(`--model ${f.model}: ${e.message}`);
        throw e;
      }
    }
  }
}
