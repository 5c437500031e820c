import { ShapeError, ValueError, fmtShape } from '../errors/index.js';

/** Number of elements in a shape (1 for the scalar shape []). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Throws unless every dimension is a non-negative integer. */
export function checkShape(shape: readonly number[], where: string): readonly number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`${where}: a shape is a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return Object.freeze([...shape]);
}

/** Row-major strides of a contiguous tensor of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d]!;
  }
  return s;
}

/** Resolves a reshape target with at most one −1 against `size` elements. */
export function resolveReshape(from: readonly number[], to: readonly number[]): number[] {
  const size = sizeOf(from);
  const free = to.filter((d) => d === -1).length;
  if (free > 1) throw new ShapeError(`reshape: only one dimension can be -1, got ${fmtShape(to)}`);
  if (!to.every((d) => d === -1 || (Number.isSafeInteger(d) && d >= 0))) {
    throw new ShapeError(`reshape: dimensions must be non-negative integers or -1, got ${JSON.stringify(to)}`);
  }
  const known = sizeOf(to.filter((d) => d !== -1));
  if (free === 1) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${fmtShape(from)} (${size} elements) into ${fmtShape(to)}: ${size} is not a multiple of ${known}`);
    }
    return to.map((d) => (d === -1 ? size / known : d));
  }
  if (known !== size) {
    throw new ShapeError(`reshape: cannot reshape ${fmtShape(from)} (${size} elements) into ${fmtShape(to)} (${known} elements)`);
  }
  return [...to];
}

export interface Broadcast {
  /** The result's shape. */
  readonly shape: number[];
  /** The same iteration with contiguous dimensions merged, for the kernel. */
  readonly kernelShape: number[];
  readonly aStrides: number[];
  readonly bStrides: number[];
}

/**
 * numpy's broadcasting rule (align trailing dimensions; each pair equal or one
 * of them 1), restricted so that one operand already has the result's shape:
 * scalar, row ([N, M] with [M]) and column ([N, M] with [N, 1]) broadcasting.
 * An outer broadcast such as [N, 1] with [M] → [N, M] is almost always a bug
 * (labels of shape [N] against scores [N, 1]) and is refused.
 * The result is collapsed to as few dimensions as possible for the kernel.
 */
export function broadcast(op: string, a: readonly number[], b: readonly number[]): Broadcast {
  const rank = Math.max(a.length, b.length);
  const pa = [...new Array<number>(rank - a.length).fill(1), ...a];
  const pb = [...new Array<number>(rank - b.length).fill(1), ...b];
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) {
    const x = pa[d]!;
    const y = pb[d]!;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast (dimension ${d - rank} is ${x} vs ${y}); ` +
          `row broadcasting needs the last dimensions to match, column broadcasting a trailing 1`,
      );
    }
    shape.push(x === 1 ? y : x);
  }
  const aFull = sizeOf(a) === sizeOf(shape) && pa.every((d, i) => d === shape[i]);
  const bFull = sizeOf(b) === sizeOf(shape) && pb.every((d, i) => d === shape[i]);
  if (!aFull && !bFull) {
    throw new ShapeError(
      `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} would broadcast into a larger ${fmtShape(shape)} (an outer broadcast); ` +
        `scratchnet refuses this because it usually hides a shape bug. Reshape one operand to ${fmtShape(shape)} first if you mean it`,
    );
  }
  const sa = stridesOf(pa).map((s, d) => (pa[d] === 1 ? 0 : s));
  const sb = stridesOf(pb).map((s, d) => (pb[d] === 1 ? 0 : s));
  return { shape, ...collapse(shape, sa, sb) };
}

/** Merge neighbouring dimensions that both operands walk through contiguously. */
function collapse(shape: number[], sa: number[], sb: number[]): Omit<Broadcast, 'shape'> {
  const cs: number[] = [];
  const ca: number[] = [];
  const cb: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const last = cs.length - 1;
    if (last >= 0 && ca[last] === sa[d]! * shape[d]! && cb[last] === sb[d]! * shape[d]!) {
      cs[last] = cs[last]! * shape[d]!;
      ca[last] = sa[d]!;
      cb[last] = sb[d]!;
    } else {
      cs.push(shape[d]!);
      ca.push(sa[d]!);
      cb.push(sb[d]!);
    }
  }
  return { kernelShape: cs, aStrides: ca, bStrides: cb };
}

/** Normalises an axis (negative counts from the end) and checks it. */
export function normalizeAxis(axis: number, rank: number, where: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`${where}: axis ${axis} is out of range for a tensor of rank ${rank} (valid: ${-rank} .. ${rank - 1})`);
  }
  return axis < 0 ? axis + rank : axis;
}
