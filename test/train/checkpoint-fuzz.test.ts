import { describe, it } from 'node:test';
import { decodeCheckpoint } from '../../src/index.js';
import { CASES, fuzz } from '../fuzz-harness.js';
import { BASES, checkpointMutators } from './checkpoint-mutations.js';

const PATH = 'fuzz-ckpt.safetensors';
const CKPT = `${PATH}: not a valid scratchnet checkpoint: `;
const rows: [string, string][] = [
  ['no checkpoint metadata', "no 'scratchnet\\.checkpoint' metadata$"],
  ['metadata JSON', 'bad JSON in the metadata \\('],
  ['version', 'unknown checkpoint version [^]*\\(this scratchnet reads 1 to 3\\)$'],
  ['config', "'config' must be the run settings, got "],
  ['optimizer state', "'optimizer' must be the optimizer state, got "],
  ['unexpected tensor', "unexpected tensor '"],
  ['history records', "'history' must be a list of epoch records, got "],
  ['no history.loss', "no 'history\\.loss' tensor$"],
  ['iteration', "'iteration' must be a count, got "],
  ['sinceEval', "'sinceEval' must be a count, got "],
  ['sumSinceEval', "'sumSinceEval' must be a number, got "],
  ['seconds', "'seconds' must be a number, got "],
  ['batchRng', "'batchRng' must be a generator state, got "],
  ['samplerPosition', "'samplerPosition' must be a count, got "],
  ['modelRandom', "'modelRandom' must be a list of generator states, got "],
  ['losses vs iterations', '\\d+ losses recorded for \\d+ iterations$'],
  ['batchRng algorithm', 'batchRng: the algorithm is '],
  ['batchRng word count', 'batchRng: s must be a list of 4 words, got '],
  ['batchRng word range', 'batchRng: word \\d is .*, not an integer in 0 \\.\\. 4294967295$'],
  ['batchRng all zero', 'batchRng: the four words are all 0'],
  ['batchRng spare', 'batchRng: spare must be null or a finite number, got '],
  ['modelRandom algorithm', 'modelRandom\\[\\d+\\]: the algorithm is '],
  ['modelRandom word count', 'modelRandom\\[\\d+\\]: s must be a list of 4 words, got '],
  ['modelRandom word range', 'modelRandom\\[\\d+\\]: word \\d is .*, not an integer in 0 \\.\\. 4294967295$'],
  ['modelRandom all zero', 'modelRandom\\[\\d+\\]: the four words are all 0'],
  ['modelRandom spare', 'modelRandom\\[\\d+\\]: spare must be null or a finite number, got '],
  ['history epochs', 'history record \\d+ has epoch \\d+, expected \\d+$'],
  ['history iterations', 'history record \\d+ is at iteration \\d+, not after \\d+ and up to \\d+$'],
  ['sinceEval vs history', 'sinceEval is \\d+, but -?\\d+ iterations passed since the last evaluation$'],
  ['sampling', "sampling must be 'shuffle' or 'random', got "],
  ['position without order', 'samplerPosition \\d+ without a sampler order$'],
  ['order with random sampling', "sampling 'random' keeps no sampler order, but the file has one of \\d+ entries$"],
  ['order entry', 'sampler order entry \\d+ is .*, not an index in 0 \\.\\. -?\\d+$'],
  ['order repeats', 'the sampler order repeats index \\d+$'],
  ['position past order', 'samplerPosition \\d+ is past the end of the \\d+-entry sampler order$'],
  ['order shorter than a batch', 'the sampler order has \\d+ entries, fewer than the batch size \\d+$'],
  ['order longer than trainLimit', 'the sampler order has \\d+ entries, more than trainLimit \\d+$'],
  ['optimizer vs settings', "the optimizer state is for '[^']*', the run settings name '[^']*'$"],
  ['optimizer steps vs iterations', 'the optimizer made \\d+ steps in \\d+ iterations$'],
  ['optimizer buffer name', "optimizer buffer '[^']*' is not named slot\\.parameter after a parameter "],
  ['optimizer buffer shape', "optimizer buffer '[^']*' is float(32|64) \\[[\\d, ]*\\], its parameter "],
  ['optimizer buffers before step 1', 'the optimizer has buffers \\(.*\\) before its first step$'],
  ['optimizer slot coverage', "optimizer slot '[^']*' has no buffer for "],
  ['stopped', "'stopped' must be null, 'early-stopping' or 'stopped', got "],
  ['earlyStopping', "'earlyStopping' must be null or early stopping \\{ best, bestEpoch, wait, kept \\}, got "],
  ['schedule', "'schedule' must be null or a schedule state \\{ factor, best, wait \\}, got "],
  ['best tensors without early stopping', "'best\\.' tensors without early stopping's best epoch to hold them$"],
  ['stopped inside an epoch', 'the run stopped \\((early-stopping|stopped)\\), but \\d+ iterations passed since its last evaluation$'],
  ['best epoch after the history', "early stopping's best epoch \\d+ is after the \\d+ epochs recorded$"],
  ['waited past the history', 'early stopping has waited \\d+ epochs, but only -?\\d+ passed since its best epoch \\d+$'],
  ['best tensors before any epoch', 'early stopping keeps best parameters before any epoch was evaluated$'],
  ['best parameter names', "early stopping's best parameters are "],
  ['best parameter shapes', "early stopping's best parameters: '[^']*' is "],
  ['best buffer names', "early stopping's best buffers are "],
  ['best buffer shapes', "early stopping's best buffers: '[^']*' is "],
  ['schedule factor', "the schedule's factor .* is not in \\[0, 1\\]$"],
  ['schedule wait', 'the schedule has waited \\d+ epochs of the \\d+ recorded$'],
];
const CHECKS: [string, RegExp][] = [
  ...rows.map(([name, why]): [string, RegExp] => [name, new RegExp(`^${CKPT.replace(/\./g, '\\.')}${why}`)]),
  // the container's own checks, each aimed at and counted by the safetensors fuzzer
  ['safetensors container', new RegExp(`^${PATH.replace(/\./g, '\\.')}: not a valid safetensors file: `)],
];

describe('checkpoint reader under hostile input', () => {
  it(`${CASES} seeded mutations aimed at every metadata field and tensor section: typed errors, bounded time and memory, every check reached`, (t) => {
    t.diagnostic(`bases: ${BASES.map((b) => `${b.name} (${b.bytes.length} bytes)`).join('; ')}`);
    fuzz({ name: 'checkpoint', seed: 5, mutators: checkpointMutators, checks: CHECKS, parse: (input) => decodeCheckpoint(input as Uint8Array, PATH) }, t);
  });
});
