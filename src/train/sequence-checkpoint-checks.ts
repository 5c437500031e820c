/**
 * Checks between a decoded sequence checkpoint's sections: the generators, the history, the batch
 * order, the optimizer's buffers and the model's sizes, so that a file that would fail only on resume
 * (or build a model far larger than its tensors) is refused when it is read.
 */
import { fmtShape } from '../errors/index.js';
import type { TensorRecord } from '../layers/layer.js';
import { rngStateProblem, type RngState } from '../random/rng.js';
import type { OptimizerState } from '../optimizers/optimizer.js';
import type { SequenceRunConfig } from './sequence-checkpoint.js';

type Fail = (why: string) => never;

/** What the checks read of the decoded state. */
export interface SectionsToCheck {
  readonly iteration: number;
  readonly history: readonly { readonly epoch: number; readonly iter: number }[];
  readonly optimizer: OptimizerState;
  readonly modelRandom: readonly RngState[];
  readonly batchRng?: RngState;
  readonly order: readonly number[] | null;
  readonly position?: number;
}

/** Throws through `fail` at the first section that contradicts itself or another. */
export function checkSequenceSections(config: SequenceRunConfig, params: Readonly<TensorRecord>, s: SectionsToCheck, fail: Fail): void {
  const generators: [string, RngState][] = [...(s.batchRng === undefined ? [] : [['batchRng', s.batchRng] as [string, RngState]]), ...s.modelRandom.map((r, i): [string, RngState] => [`modelRandom[${i}]`, r])];
  for (const [name, r] of generators) {
    const why = rngStateProblem(r);
    if (why !== null) fail(`${name}: ${why}`);
  }
  let last = 0;
  s.history.forEach((r, i) => {
    if (r.epoch !== i + 1) fail(`history record ${i} has epoch ${r.epoch}, expected ${i + 1}`);
    if (!(r.iter > last && r.iter <= s.iteration)) fail(`history record ${i} is at iteration ${r.iter}, not after ${last} and up to ${s.iteration}`);
    last = r.iter;
  });
  if (s.order !== null) {
    const seen = new Uint8Array(s.order.length);
    s.order.forEach((v, i) => {
      if (!(Number.isInteger(v) && v >= 0 && v < s.order!.length)) fail(`sampler order entry ${i} is ${v}, not an index in 0 .. ${s.order!.length - 1}`);
      if (seen[v] === 1) fail(`the sampler order repeats index ${v}`);
      seen[v] = 1;
    });
    if (s.position! > s.order.length) fail(`samplerPosition ${s.position} is past the end of the ${s.order.length}-entry sampler order`);
  } else if (s.position !== undefined && s.position !== 0) fail(`samplerPosition ${s.position} without a sampler order`);
  const { name, step, buffers } = s.optimizer;
  if (name !== config.optimizer.name) fail(`the optimizer state is for '${name}', the run settings name '${config.optimizer.name}'`);
  if (step > s.iteration) fail(`the optimizer made ${step} steps in ${s.iteration} iterations`);
  for (const [key, b] of Object.entries(buffers)) {
    const param = key.slice(key.indexOf('.') + 1);
    const p = params[param];
    if (key.indexOf('.') <= 0 || p === undefined) fail(`optimizer buffer '${key}' is not named slot.parameter after a parameter`);
    if (b.dtype !== p!.dtype || fmtShape(b.shape) !== fmtShape(p!.shape)) fail(`optimizer buffer '${key}' is ${b.dtype} ${fmtShape(b.shape)}, its parameter ${p!.dtype} ${fmtShape(p!.shape)}`);
  }
  // the model is built from its settings before the parameters are loaded: its sizes must be among the tensors' dimensions
  const dims = new Set(Object.values(params).flatMap((t) => [...t.shape]));
  for (const k of ['vocabSize', 'wordvecSize', 'hiddenSize']) {
    const v = config.model[k];
    if (!(typeof v === 'number' && dims.has(v))) fail(`the model's ${k} ${JSON.stringify(v)?.slice(0, 20)} is not a dimension of its parameters`);
  }
}
