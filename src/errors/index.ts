/**
 * Typed errors. Every message names the layer or operation, what was expected
 * and what came, and a hint where the fix is obvious.
 *
 * @example
 * ```ts
 * import { Tensor, ShapeError } from 'scratchnet';
 * try {
 *   Tensor.zeros([2, 3]).add(Tensor.zeros([4]));
 * } catch (e) {
 *   if (e instanceof ShapeError) console.log(e.message);
 * }
 * ```
 */
export class ScratchnetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor has the wrong shape for an operation or layer. */
export class ShapeError extends ScratchnetError {}

/** Two tensors that must share a dtype do not, or a dtype is unknown. */
export class DTypeError extends ScratchnetError {}

/** An argument has a value outside what the operation accepts (a label out of range, a negative size, ...). */
export class ValueError extends ScratchnetError {}

/** A value that must be finite is NaN or infinite. */
export class NonFiniteError extends ScratchnetError {}

/** A file (model, data set, checkpoint) is missing, truncated or malformed. */
export class FileFormatError extends ScratchnetError {}

/** A picture has no marks that stand out from its background: there is no digit to read. */
export class NoDigitError extends ValueError {}

/** Formats a shape the way messages show it: `[100, 28, 28]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
