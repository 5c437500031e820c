import { FileFormatError } from '../errors/index.js';

/** A parsed IDX file of unsigned bytes: its dimensions and its data (a view into the input). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** The largest element count accepted (2^31 − 1): far above MNIST, far below exhausting memory. */
export const IDX_MAX_ELEMENTS = 0x7fffffff;

/**
 * Parses the IDX format used by MNIST: magic (0, 0, type, rank) big-endian,
 * then `rank` big-endian uint32 dimensions, then the data. Only type 0x08
 * (unsigned byte) is accepted. Validates everything before returning; the
 * data is a view, not a copy.
 *
 * @example
 * ```ts
 * import { parseIdx } from 'scratchnet';
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);
 * parseIdx(bytes, 'labels').data; // Uint8Array [7, 9]
 * ```
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX data', expectedRank?: number): IdxArray {
  const fail = (why: string): never => {
    throw new FileFormatError(`${name}: not a valid IDX file: ${why}`);
  };
  if (!(bytes instanceof Uint8Array)) fail('expected bytes (a Uint8Array)');
  if (bytes.length < 4) fail(`only ${bytes.length} bytes, shorter than the 4-byte magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`bad magic number 0x${hex(bytes, 0, 4)}: the first two bytes must be 0`);
  if (bytes[2] !== 0x08) fail(`element type 0x${bytes[2]!.toString(16).padStart(2, '0')} is not supported (only 0x08, unsigned byte)`);
  const rank = bytes[3]!;
  if (rank === 0) fail('rank 0 (no dimensions)');
  if (expectedRank !== undefined && rank !== expectedRank) {
    fail(`expected ${expectedRank} dimension${expectedRank > 1 ? 's' : ''} (magic 0x0000080${expectedRank}), got ${rank}`);
  }
  const header = 4 + 4 * rank;
  if (bytes.length < header) fail(`truncated header: ${rank} dimensions need ${header} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const n = view.getUint32(4 + 4 * d, false);
    dims.push(n);
    count *= n;
    if (count > IDX_MAX_ELEMENTS) fail(`dimensions [${dims.join(', ')}${d < rank - 1 ? ', ...' : ''}] declare more than ${IDX_MAX_ELEMENTS} elements`);
  }
  const have = bytes.length - header;
  if (have !== count) {
    fail(`dimensions [${dims.join(', ')}] need ${count} data bytes, the file has ${have}${have < count ? ' (truncated?)' : ' (trailing bytes)'}`);
  }
  return { dims, data: bytes.subarray(header) };
}

/** Encodes unsigned bytes as an IDX file (for tests and for users writing their own data). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new FileFormatError(`encodeIdx: dimensions [${dims.join(', ')}] need ${count} bytes, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

function hex(b: Uint8Array, start: number, n: number): string {
  return [...b.subarray(start, start + n)].map((x) => x.toString(16).padStart(2, '0')).join('');
}
