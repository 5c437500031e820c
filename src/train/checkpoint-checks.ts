/**
 * Checks between a decoded checkpoint's sections: the generators' states, the
 * history, the sampler, the optimizer buffers, and the progress of early stopping
 * and of the schedule. A file that would otherwise
 * fail only in Trainer.restore is refused when it is read, so that
 * loadLatestCheckpoint falls back to the previous one.
 */
import { fmtShape } from '../errors/index.js';
import type { TensorRecord } from '../layers/layer.js';
import { rngStateProblem } from '../random/rng.js';
import type { RunConfig } from './checkpoint.js';
import type { TrainerState } from './trainer.js';

type Fail = (why: string) => never;

/** Throws through `fail` at the first section that contradicts itself or another. */
export function checkSections(config: RunConfig, params: Readonly<TensorRecord>, buffers: Readonly<TensorRecord>, state: TrainerState, fail: Fail): void {
  checkGenerators(state, fail);
  checkHistory(state, fail);
  checkSampler(config, state, fail);
  checkOptimizer(config, params, state, fail);
  checkProgress(params, buffers, state, fail);
}

/** The same names, shapes and dtypes as the model's own tensors. */
function checkLike(what: string, kept: Readonly<TensorRecord>, own: Readonly<TensorRecord>, fail: Fail): void {
  const [a, b] = [Object.keys(kept).sort().join(', '), Object.keys(own).sort().join(', ')];
  if (a !== b) fail(`${what} are ${a || 'none'}, the model's ${b || 'none'}`);
  for (const [k, t] of Object.entries(kept)) {
    const o = own[k]!;
    if (t.dtype !== o.dtype || t.shape.join() !== o.shape.join()) fail(`${what}: '${k}' is ${t.dtype} ${fmtShape(t.shape)}, the model's ${o.dtype} ${fmtShape(o.shape)}`);
  }
}

function checkProgress(params: Readonly<TensorRecord>, buffers: Readonly<TensorRecord>, s: TrainerState, fail: Fail): void {
  const epochs = s.history.length;
  if (s.stopped !== null && s.sinceEval !== 0) fail(`the run stopped (${s.stopped}), but ${s.sinceEval} iterations passed since its last evaluation`);
  const es = s.earlyStopping;
  if (es !== null) {
    if (es.bestEpoch > epochs) fail(`early stopping's best epoch ${es.bestEpoch} is after the ${epochs} epochs recorded`);
    if (es.wait > epochs - es.bestEpoch) fail(`early stopping has waited ${es.wait} epochs, but only ${epochs - es.bestEpoch} passed since its best epoch ${es.bestEpoch}`);
    if (es.params !== null && es.bestEpoch === 0 && Object.keys(es.params).length + Object.keys(es.buffers ?? {}).length > 0) fail('early stopping keeps best parameters before any epoch was evaluated');
    if (es.params !== null && es.bestEpoch > 0) {
      checkLike("early stopping's best parameters", es.params, params, fail);
      checkLike("early stopping's best buffers", es.buffers ?? {}, buffers, fail);
    }
  }
  const sc = s.schedule;
  if (sc !== null) {
    if (!(sc.factor >= 0 && sc.factor <= 1)) fail(`the schedule's factor ${sc.factor} is not in [0, 1]`);
    if (sc.wait > epochs) fail(`the schedule has waited ${sc.wait} epochs of the ${epochs} recorded`);
  }
}

function checkGenerators(s: TrainerState, fail: Fail): void {
  const why = rngStateProblem(s.batchRng);
  if (why !== null) fail(`batchRng: ${why}`);
  s.modelRandom.forEach((r, i) => {
    const problem = rngStateProblem(r);
    if (problem !== null) fail(`modelRandom[${i}]: ${problem}`);
  });
}

function checkHistory(s: TrainerState, fail: Fail): void {
  let last = 0;
  s.history.forEach((r, i) => {
    if (r.epoch !== i + 1) fail(`history record ${i} has epoch ${r.epoch}, expected ${i + 1}`);
    if (!(r.iter > last && r.iter <= s.iteration)) fail(`history record ${i} is at iteration ${r.iter}, not after ${last} and up to ${s.iteration}`);
    last = r.iter;
  });
  if (s.sinceEval !== s.iteration - last) fail(`sinceEval is ${s.sinceEval}, but ${s.iteration - last} iterations passed since the last evaluation`);
}

function checkSampler(config: RunConfig, s: TrainerState, fail: Fail): void {
  const { epochOrder: order, position } = s.sampler;
  if (config.sampling !== 'shuffle' && config.sampling !== 'random') fail(`sampling must be 'shuffle' or 'random', got ${String(JSON.stringify(config.sampling)).slice(0, 40)}`);
  if (order === null) {
    if (position !== 0) fail(`samplerPosition ${position} without a sampler order`);
    return;
  }
  if (config.sampling === 'random') fail(`sampling 'random' keeps no sampler order, but the file has one of ${order.length} entries`);
  const seen = new Uint8Array(order.length);
  order.forEach((v, i) => {
    if (!(Number.isInteger(v) && v >= 0 && v < order.length)) fail(`sampler order entry ${i} is ${v}, not an index in 0 .. ${order.length - 1}`);
    if (seen[v] === 1) fail(`the sampler order repeats index ${v}`);
    seen[v] = 1;
  });
  if (position > order.length) fail(`samplerPosition ${position} is past the end of the ${order.length}-entry sampler order`);
  if (order.length < config.batchSize) fail(`the sampler order has ${order.length} entries, fewer than the batch size ${config.batchSize}`);
  if (typeof config.trainLimit === 'number' && order.length > config.trainLimit) fail(`the sampler order has ${order.length} entries, more than trainLimit ${config.trainLimit}`);
}

function checkOptimizer(config: RunConfig, params: Readonly<TensorRecord>, s: TrainerState, fail: Fail): void {
  const { name, step, buffers } = s.optimizer;
  if (name !== config.optimizer.name) fail(`the optimizer state is for '${name}', the run settings name '${config.optimizer.name}'`);
  if (step > s.iteration) fail(`the optimizer made ${step} steps in ${s.iteration} iterations`);
  const names = Object.keys(params);
  const slots = new Map<string, string[]>();
  for (const [key, b] of Object.entries(buffers)) {
    const dot = key.indexOf('.');
    const param = key.slice(dot + 1);
    if (dot <= 0 || !Object.hasOwn(params, param)) fail(`optimizer buffer '${key}' is not named slot.parameter after a parameter (${names.join(', ')})`);
    const p = params[param]!;
    if (b.dtype !== p.dtype || b.shape.length !== p.shape.length || b.shape.some((d, i) => d !== p.shape[i])) {
      fail(`optimizer buffer '${key}' is ${b.dtype} ${fmtShape(b.shape)}, its parameter ${p.dtype} ${fmtShape(p.shape)}`);
    }
    slots.set(key.slice(0, dot), [...(slots.get(key.slice(0, dot)) ?? []), param]);
  }
  if (step === 0 && slots.size > 0) fail(`the optimizer has buffers (${Object.keys(buffers).join(', ')}) before its first step`);
  for (const [slot, covered] of slots) {
    const missing = names.filter((n) => !covered.includes(n));
    if (missing.length > 0) fail(`optimizer slot '${slot}' has no buffer for ${missing.join(', ')}`);
  }
}
