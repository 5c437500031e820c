/**
 * The plain-JSON description of a fitted preprocessing, and its validation: a
 * description read from a file is outside data, so every field is checked
 * (types, finite numbers, positive stds, unique names, sizes) before use.
 */
import { FileFormatError } from '../../errors/index.js';

/** The `format` field every description carries. */
export const PREPROCESSING_FORMAT = 'scratchnet-preprocessing';

/** A numeric column: standardized as (v − mean) / std (mean 0 and std 1 when not standardized). */
export interface NumberFeature {
  readonly name: string;
  readonly type: 'number';
  readonly mean: number;
  /** Never 0: a column that was constant in training gets std 1. */
  readonly std: number;
}

/** A column of text: one-hot over its categories, in this order. */
export interface CategoryFeature {
  readonly name: string;
  readonly type: 'category';
  readonly categories: readonly string[];
}

/** One column of a table, as fitted. */
export type FeatureSpec = NumberFeature | CategoryFeature;

/** Rows of a table: its feature columns in order. */
export interface TableInputSpec {
  readonly kind: 'table';
  readonly features: readonly FeatureSpec[];
}

/** Arrays: each sample's shape, and a mean and std per element (0 and 1 when not standardized). */
export interface ArrayInputSpec {
  readonly kind: 'array';
  readonly shape: readonly number[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Images: resized to height × width, 1 (gray) or 3 (RGB) channels, NCHW, pixels in [0, 1]. */
export interface ImageInputSpec {
  readonly kind: 'image';
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
}

/** What a model's input is made from. */
export type InputSpec = TableInputSpec | ArrayInputSpec | ImageInputSpec;

/** Class names, in the order of the model's outputs. */
export interface ClassTarget {
  readonly name: string;
  readonly type: 'classes';
  readonly classes: readonly string[];
}

/** Numbers to predict, one mean and std per output (the model learns (t − mean) / std). */
export interface NumberTarget {
  readonly name: string;
  readonly type: 'number';
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** What the model answers. */
export type TargetSpec = ClassTarget | NumberTarget;

/** A fitted preprocessing as plain JSON: what {@link Preprocessing.toJSON} gives and {@link Preprocessing.fromJSON} checks. */
export interface PreprocessingJson {
  readonly format: typeof PREPROCESSING_FORMAT;
  readonly version: 1;
  readonly input: InputSpec;
  readonly target: TargetSpec | null;
}

/** Bounds that keep a description from a file from asking for absurd memory. */
const LIMITS = { features: 100_000, categories: 100_000, classes: 100_000, elements: 10_000_000, side: 16384 };

type Fail = (path: string, what: string, got: unknown) => never;

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}...` : s;
}

function object(v: unknown, path: string, keys: readonly string[], fail: Fail): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !keys.includes(k));
  if (extra.length > 0) fail(`${path}.${extra[0]}`, `only the keys ${keys.join(', ')}`, o[extra[0]!]);
  return o;
}

function text(v: unknown, path: string, fail: Fail): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 10_000) fail(path, 'a non-empty string', v);
  return v as string;
}

function finite(v: unknown, path: string, fail: Fail, positive = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (positive && !(v > 0))) fail(path, positive ? 'a positive finite number' : 'a finite number', v);
  return v as number;
}

function list<T>(v: unknown, path: string, max: number, item: (x: unknown, p: string) => T, fail: Fail, min = 1): T[] {
  if (!Array.isArray(v) || v.length < min || v.length > max) fail(path, `a list of ${min} to ${max} items`, Array.isArray(v) ? `a list of ${v.length}` : v);
  return (v as unknown[]).map((x, i) => item(x, `${path}[${i}]`));
}

function uniqueNames(names: readonly string[], path: string, fail: Fail): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) fail(path, 'unique names', n);
    seen.add(n);
  }
}

function feature(v: unknown, path: string, fail: Fail): FeatureSpec {
  const type = (v as { type?: unknown } | null)?.type;
  if (type === 'number') {
    const o = object(v, path, ['name', 'type', 'mean', 'std'], fail);
    return { name: text(o.name, `${path}.name`, fail), type, mean: finite(o.mean, `${path}.mean`, fail), std: finite(o.std, `${path}.std`, fail, true) };
  }
  if (type === 'category') {
    const o = object(v, path, ['name', 'type', 'categories'], fail);
    const categories = list(o.categories, `${path}.categories`, LIMITS.categories, (x, p) => (typeof x === 'string' ? x : fail(p, 'a string', x)), fail);
    uniqueNames(categories, `${path}.categories`, fail);
    return { name: text(o.name, `${path}.name`, fail), type, categories };
  }
  return fail(`${path}.type`, '"number" or "category"', type);
}

function input(v: unknown, fail: Fail): InputSpec {
  const kind = (v as { kind?: unknown } | null)?.kind;
  if (kind === 'table') {
    const o = object(v, 'input', ['kind', 'features'], fail);
    const features = list(o.features, 'input.features', LIMITS.features, (x, p) => feature(x, p, fail), fail);
    uniqueNames(features.map((f) => f.name), 'input.features (names)', fail);
    if (features.reduce((s, f) => s + (f.type === 'number' ? 1 : f.categories.length), 0) > LIMITS.elements) fail('input.features', `at most ${LIMITS.elements} inputs in all`, 'more');
    return { kind, features };
  }
  if (kind === 'array') {
    const o = object(v, 'input', ['kind', 'shape', 'mean', 'std'], fail);
    const shape = list(o.shape, 'input.shape', 8, (x, p) => (Number.isSafeInteger(x) && (x as number) > 0 ? (x as number) : fail(p, 'a positive whole number', x)), fail);
    const size = shape.reduce((a, b) => a * b, 1);
    if (size > LIMITS.elements) fail('input.shape', `at most ${LIMITS.elements} elements per sample`, shape);
    const mean = list(o.mean, 'input.mean', LIMITS.elements, (x, p) => finite(x, p, fail), fail);
    const std = list(o.std, 'input.std', LIMITS.elements, (x, p) => finite(x, p, fail, true), fail);
    if (mean.length !== size || std.length !== size) fail('input.mean and input.std', `${size} numbers each (the shape's elements)`, `${mean.length} and ${std.length}`);
    return { kind, shape, mean, std };
  }
  if (kind === 'image') {
    const o = object(v, 'input', ['kind', 'height', 'width', 'channels'], fail);
    const side = (x: unknown, p: string) => (Number.isSafeInteger(x) && (x as number) >= 1 && (x as number) <= LIMITS.side ? (x as number) : fail(p, `a whole number from 1 to ${LIMITS.side}`, x));
    if (o.channels !== 1 && o.channels !== 3) fail('input.channels', '1 or 3', o.channels);
    return { kind, height: side(o.height, 'input.height'), width: side(o.width, 'input.width'), channels: o.channels as 1 | 3 };
  }
  return fail('input.kind', '"table", "array" or "image"', kind);
}

function target(v: unknown, fail: Fail): TargetSpec | null {
  if (v === null) return null;
  const type = (v as { type?: unknown } | null)?.type;
  if (type === 'classes') {
    const o = object(v, 'target', ['name', 'type', 'classes'], fail);
    const classes = list(o.classes, 'target.classes', LIMITS.classes, (x, p) => (typeof x === 'string' ? x : fail(p, 'a string', x)), fail, 2);
    uniqueNames(classes, 'target.classes', fail);
    return { name: text(o.name, 'target.name', fail), type, classes };
  }
  if (type === 'number') {
    const o = object(v, 'target', ['name', 'type', 'mean', 'std'], fail);
    const mean = list(o.mean, 'target.mean', LIMITS.features, (x, p) => finite(x, p, fail), fail);
    const std = list(o.std, 'target.std', LIMITS.features, (x, p) => finite(x, p, fail, true), fail);
    if (mean.length !== std.length) fail('target.std', `${mean.length} numbers, as many as target.mean`, std.length);
    return { name: text(o.name, 'target.name', fail), type, mean, std };
  }
  return fail('target.type', '"classes", "number" or a null target', type);
}

/** Checks a description from outside (a model file's metadata, a JSON file) and returns it typed; a FileFormatError names the first bad field. */
export function checkPreprocessingJson(json: unknown, name = 'preprocessing'): PreprocessingJson {
  const fail: Fail = (path, what, got) => {
    throw new FileFormatError(`${name}: not a valid preprocessing description: ${path}: expected ${what}, got ${show(got)}`);
  };
  const o = object(json, '(top level)', ['format', 'version', 'input', 'target'], fail);
  if (o.format !== PREPROCESSING_FORMAT) fail('format', JSON.stringify(PREPROCESSING_FORMAT), o.format);
  if (o.version !== 1) fail('version', '1 (a newer scratchnet may have written it)', o.version);
  const spec: PreprocessingJson = { format: PREPROCESSING_FORMAT, version: 1, input: input(o.input, fail), target: target(o.target, fail) };
  return spec;
}
