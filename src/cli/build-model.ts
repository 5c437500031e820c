import { existsSync, readFileSync } from 'node:fs';
import { ValueError } from '../errors/index.js';
import { parseWeightInit, type Activation, type WeightInit } from '../models/init.js';
import { MODEL_KINDS, buildModel, type BuildChoice } from '../models/kinds.js';
import { taskOf, type LossName } from '../models/loss.js';
import type { Model } from '../models/model.js';
import { Sequential, type SequentialSpec } from '../models/sequential.js';
import { CliError } from './args.js';

/** The kinds `--model NAME` builds (a Sequential spec comes as FILE.json instead). */
export const CLI_MODELS = [...MODEL_KINDS.values()].filter((k) => k.name !== 'sequential' && k.input !== 'ids').map((k) => k.name);

/** The model flags as given (strings already checked by the caller where they are plain numbers). */
export interface ModelFlags {
  readonly model: string;
  readonly hidden?: string;
  readonly activation?: Activation;
  readonly init?: string;
  readonly weightDecay?: number;
  readonly batchNorm: boolean;
  readonly dropout?: number;
  readonly seed: number;
  /** One sample's shape (default MNIST's: [784], or [1, 28, 28] for conv nets). */
  readonly inputShape?: readonly number[];
  /** Outputs: classes, or numbers to predict (default 10). */
  readonly outputSize?: number;
  /** The task's output layer (default softmax cross-entropy). */
  readonly loss?: LossName;
  /** What --hidden and --init are when not given (your own data: He init), instead of the kind's. */
  readonly defaultHidden?: readonly number[];
  readonly defaultInit?: WeightInit;
}

const FLAG_OF: Readonly<Record<BuildChoice, string>> = { hidden: '--hidden', activation: '--activation', init: '--init', weightDecay: '--weight-decay', batchNorm: '--batch-norm', dropout: '--dropout' };

function hiddenList(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const sizes = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || sizes.some((n) => n < 1)) throw new CliError(`--hidden must be positive whole numbers separated by commas (e.g. 100,100,100), got '${text}'`);
  return sizes;
}

function sequentialFromFile(path: string, seed: number, loss: LossName | undefined): Model {
  if (!existsSync(path)) throw new CliError(`--model ${path}: no such file`);
  let spec: SequentialSpec;
  try {
    spec = JSON.parse(readFileSync(path, 'utf8')) as SequentialSpec;
  } catch (e) {
    throw new CliError(`--model ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (loss !== undefined && spec !== null && typeof spec === 'object' && spec.loss !== undefined && spec.loss !== loss) {
    throw new CliError(`--model ${path}: the spec's loss is '${spec.loss}', but the data asks for ${taskOf(loss)} ('${loss}'); change "loss" or leave it out`);
  }
  try {
    return new Sequential({ ...spec, seed: spec.seed ?? seed, ...(loss !== undefined && spec.loss === undefined ? { loss } : {}) });
  } catch (e) {
    if (e instanceof ValueError) throw new CliError(`--model ${path}: ${e.message}`);
    throw e;
  }
}

/** Builds the model the train flags describe for the data's sizes; flags the model does not take are errors, not ignored. */
export function modelFromFlags(f: ModelFlags): Model {
  if (f.model.endsWith('.json')) return sequentialFromFile(f.model, f.seed, f.loss);
  const kind = MODEL_KINDS.get(f.model);
  if (kind === undefined || f.model === 'sequential') throw new CliError(`unknown model '${f.model}' (use ${CLI_MODELS.join(', ')}, or a Sequential spec FILE.json)`);
  const given: Readonly<Record<BuildChoice, boolean>> = { hidden: f.hidden !== undefined, activation: f.activation !== undefined, init: f.init !== undefined, weightDecay: f.weightDecay !== undefined, batchNorm: f.batchNorm, dropout: f.dropout !== undefined };
  for (const choice of Object.keys(FLAG_OF) as BuildChoice[]) {
    if (given[choice] && !kind.takes.includes(choice)) {
      const takers = [...MODEL_KINDS.values()].filter((k) => k.takes.includes(choice)).map((k) => k.name);
      throw new CliError(`${FLAG_OF[choice]} works with --model ${takers.join(' or ')}, not ${f.model}`);
    }
  }
  let init: WeightInit | undefined = f.defaultInit;
  try {
    init = f.init === undefined ? init : parseWeightInit(f.init);
  } catch (e) {
    throw new CliError(`--init: ${(e as Error).message}`);
  }
  try {
    return buildModel(f.model, {
      inputShape: f.inputShape ?? (kind.input === 'image' ? [1, 28, 28] : [784]),
      outputSize: f.outputSize ?? 10,
      ...(f.loss !== undefined ? { loss: f.loss } : {}),
      ...(f.hidden !== undefined ? { hidden: hiddenList(f.hidden) } : f.defaultHidden !== undefined ? { hidden: f.defaultHidden } : {}),
      ...(f.activation !== undefined ? { activation: f.activation } : {}),
      ...(init !== undefined ? { init } : {}),
      ...(f.weightDecay !== undefined ? { weightDecay: f.weightDecay } : {}),
      batchNorm: f.batchNorm,
      ...(f.dropout !== undefined ? { dropout: f.dropout } : {}),
      seed: f.seed,
    });
  } catch (e) {
    // the kind names the choice ('two-layer: init is ...'); on the command line it is a flag
    if (e instanceof ValueError) {
      const takes = / takes (flat samples|images)/.test(e.message) ? `; ${kind.input === 'image' ? 'use --model mlp for flat samples' : 'use --model simple-conv (or a Sequential spec FILE.json) for images'}` : '';
      throw new CliError(e.message.replace(/^([\w-]+): (hidden|activation|init|weightDecay|dropout|batchNorm) /, (_, k: string, c: string) => `--${c === 'weightDecay' ? 'weight-decay' : c} for ${k} `) + takes);
    }
    throw e;
  }
}
