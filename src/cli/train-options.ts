/**
 * The flags of `scratchnet train` that shape a run beyond the book's defaults:
 * the validation split, early stopping, a learning-rate schedule, image size and
 * channels, and the defaults a user's own data trains with.
 */
import type { EarlyStoppingOptions } from '../train/early-stopping.js';
import type { ScheduleSpec } from '../train/schedule.js';
import { CliError, intFlag, type Flags } from './args.js';
import type { DataKind } from './data-source.js';

/**
 * How a user's own data trains when no flag says otherwise, chosen by measuring against
 * scikit-learn's defaults on real and synthetic tables (bench/own-data/compare.mjs; the README's
 * table): for tables and arrays an MLP like scikit-learn's (one hidden layer of 100 ReLU units) with
 * He init, Adam 0.01 and L2 weight decay 0.001; for images a SimpleConvNet with He init and Adam 0.001.
 */
export const OWN_DATA_DEFAULTS = {
  tableModel: 'mlp',
  tableHidden: [100],
  tableLr: 0.01,
  weightDecay: 0.001,
  imageModel: 'simple-conv',
  imageLr: 0.001,
  init: 'he',
  optimizer: 'adam',
  batchSize: 32,
  epochs: 500,
  validation: 0.2,
  patience: 20,
  /** A validation loss must fall by more than this to count as better (scikit-learn's tol), so a run on separable data, whose loss creeps towards 0, still ends. */
  minDelta: 1e-4,
} as const;

/** The validation fraction: `--validation-split F` in [0, 1) (0: none), or the data's default. */
export function validationFlag(f: Flags, fallback: number): number {
  const text = f.str('validation-split');
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || v >= 1) throw new CliError(`--validation-split must be a fraction in [0, 1) such as 0.2 (0: no validation), got '${text}'`);
  return v;
}

/** Early stopping from `--early-stopping PATIENCE` (0: off), on the validation loss (better by more than 1e-4), putting back the best epoch's weights. */
export function earlyStoppingFlag(f: Flags, fallback: number, validation: number): EarlyStoppingOptions | undefined {
  const given = f.str('early-stopping');
  // the default watches the validation split; without one (--validation-split 0) there is nothing to watch
  const patience = intFlag('early-stopping', given, validation === 0 ? 0 : fallback, 0);
  if (patience === 0) return undefined;
  if (validation === 0) throw new CliError(`--early-stopping watches the validation loss, but --validation-split is 0; give a split such as --validation-split 0.2`);
  return { patience, minDelta: OWN_DATA_DEFAULTS.minDelta };
}

const SCHEDULE_HELP = 'step:EVERY[:FACTOR], cosine[:MIN_FACTOR] or plateau:PATIENCE[:FACTOR] (e.g. step:10:0.5, cosine, plateau:5)';

/** A learning-rate schedule from `--schedule`: `step:EVERY[:FACTOR]`, `cosine[:MIN_FACTOR]`, `plateau:PATIENCE[:FACTOR]`. */
export function scheduleFlag(text: string | undefined): ScheduleSpec | undefined {
  if (text === undefined) return undefined;
  const [type, ...rest] = text.split(':');
  const numbers = rest.map(Number);
  const bad = (why: string): never => {
    throw new CliError(`--schedule ${text}: ${why}; use ${SCHEDULE_HELP}`);
  };
  if (rest.some((r) => r.trim() === '') || numbers.some((n) => !Number.isFinite(n))) bad('the values after the colons must be numbers');
  const whole = (n: number | undefined, what: string) => (n === undefined || !Number.isSafeInteger(n) || n < 1 ? bad(`${what} must be a whole number of epochs ≥ 1`) : n);
  const ratio = (n: number | undefined, what: string, zero: boolean) => (n === undefined ? undefined : !(zero ? n >= 0 : n > 0) || n >= 1 ? bad(`${what} must be in ${zero ? '[0' : '(0'}, 1)`) : n);
  const factor = (n: number | undefined) => ratio(n, 'the factor', false);
  if (type === 'step') {
    if (rest.length < 1 || rest.length > 2) bad('step takes the epochs between steps and, optionally, the factor');
    const f = factor(numbers[1]);
    return { type: 'step', every: whole(numbers[0], 'EVERY'), ...(f === undefined ? {} : { factor: f }) };
  }
  if (type === 'cosine') {
    if (rest.length > 1) bad('cosine takes at most the smallest factor');
    const min = ratio(numbers[0], 'MIN_FACTOR', true);
    return { type: 'cosine', ...(min === undefined ? {} : { minFactor: min }) };
  }
  if (type === 'plateau') {
    if (rest.length < 1 || rest.length > 2) bad('plateau takes the epochs to wait and, optionally, the factor');
    const f = factor(numbers[1]);
    return { type: 'reduce-on-plateau', patience: whole(numbers[0], 'PATIENCE'), ...(f === undefined ? {} : { factor: f }) };
  }
  return bad(`unknown schedule '${type}'`);
}

/** `--image-size HxW` (or one number for a square). */
export function imageSizeFlag(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)(?:[x×](\d+))?$/.exec(text.trim());
  const hw = m === null ? [] : [Number(m[1]), Number(m[2] ?? m[1])];
  if (hw.length !== 2 || hw.some((v) => v < 1 || v > 4096)) throw new CliError(`--image-size must be HEIGHTxWIDTH (e.g. 32x32) or one number for a square, from 1 to 4096, got '${text}'`);
  return hw as [number, number];
}

/** `--channels 1|3`. */
export function channelsFlag(text: string | undefined): 1 | 3 | undefined {
  if (text === undefined) return undefined;
  if (text !== '1' && text !== '3') throw new CliError(`--channels must be 1 (grayscale) or 3 (RGB), got '${text}'`);
  return Number(text) as 1 | 3;
}

/** Flags that only some kinds of data take: given with another kind, an error naming what they go with. */
export function checkDataFlags(f: Flags, kind: DataKind): void {
  const own = ['target', 'features', 'task', 'categorical', 'missing'];
  const images = ['image-size', 'channels'];
  const what: Record<DataKind, string> = { mnist: 'MNIST-style IDX data', table: 'a table', arrays: 'an .npz archive', images: 'a folder of class folders' };
  for (const flag of own) {
    if (f.str(flag) !== undefined && kind === 'mnist') throw new CliError(`--${flag} goes with your own --data (a .csv table, an .npz archive or class folders of images), not ${what[kind]}`);
  }
  for (const flag of images) {
    if (f.str(flag) !== undefined && kind !== 'images') throw new CliError(`--${flag} goes with --data DIR of class folders of images, not ${what[kind]}`);
  }
  if (f.str('target') !== undefined && kind === 'images') throw new CliError('--target: for a folder of class folders the folder names are the classes; leave --target out');
  if (f.str('features') !== undefined && kind === 'images') throw new CliError('--features goes with a table or an .npz archive, not a folder of images');
  for (const flag of ['categorical', 'missing']) if (f.str(flag) !== undefined && kind !== 'table') throw new CliError(`--${flag} goes with a table (a .csv file), not ${what[kind]}`);
  if (f.str('test-limit') !== undefined && kind !== 'mnist') throw new CliError(`--test-limit goes with MNIST-style IDX data; ${what[kind]} is split into training and validation rows (--validation-split)`);
}
