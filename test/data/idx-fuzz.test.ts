import { describe, it } from 'node:test';
import { Rng, encodeIdx, parseIdx } from '../../src/index.js';
import { CASES, Valid, fuzz, pick } from '../fuzz-harness.js';

/** A fresh valid IDX file for each case: rank 1-4, dimensions 1-6, random bytes. */
function randomIdx(rng: Rng): { dims: number[]; bytes: Uint8Array } {
  const dims = Array.from({ length: rng.int(4) + 1 }, () => rng.int(6) + 1);
  const data = Uint8Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => rng.int(256));
  return { dims, bytes: encodeIdx(dims, data) };
}


/** A 32-bit dimension aimed at the checks: 0, off by one, a power of two, the element limit, or any value. */
function dimension(rng: Rng, was: number): number {
  return pick(rng, [() => 0, () => was + 1, () => Math.max(0, was - 1), () => 2 ** (rng.int(32)), () => 0x7fffffff, () => 0xffffffff, () => rng.nextUint32(), () => rng.int(65536)])();
}

const withByte = (b: Uint8Array, i: number, v: number) => {
  const out = b.slice();
  out[i] = v;
  return out;
};

/** Bytes for parseIdx with the rank the caller expects (MNIST's readers pass one). */
class WithRank {
  constructor(readonly bytes: Uint8Array, readonly rank: number) {}
}

const mutators = {
  'magic bytes 0-1': (rng: Rng) => {
    const { bytes } = randomIdx(rng);
    return withByte(withByte(bytes, 0, rng.int(2) === 0 ? rng.int(255) + 1 : 0), 1, rng.int(256));
  },
  'dtype code': (rng: Rng) => {
    // the IDX codes (0x08 ubyte, 0x09 sbyte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), or any byte
    const { bytes } = randomIdx(rng);
    return withByte(bytes, 2, rng.int(2) === 0 ? pick(rng, [0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x00, 0x07]) : rng.int(256));
  },
  'dimension count': (rng: Rng) => {
    const { dims, bytes } = randomIdx(rng);
    return withByte(bytes, 3, pick(rng, [0, dims.length + 1, dims.length - 1, dims.length + 2 + rng.int(4), rng.int(256)]));
  },
  'expected rank': (rng: Rng) => {
    const { dims, bytes } = randomIdx(rng);
    return new WithRank(bytes, pick(rng, [1, 2, 3, 4].filter((r) => r !== dims.length)));
  },
  'one dimension': (rng: Rng) => {
    const { dims, bytes } = randomIdx(rng);
    const d = rng.int(dims.length);
    const out = bytes.slice();
    new DataView(out.buffer).setUint32(4 + 4 * d, dimension(rng, dims[d]!), false);
    return out;
  },
  'every dimension': (rng: Rng) => {
    const { dims, bytes } = randomIdx(rng);
    const out = bytes.slice();
    dims.forEach((was, d) => new DataView(out.buffer).setUint32(4 + 4 * d, dimension(rng, was), false));
    return out;
  },
  'data length': (rng: Rng) => {
    const { dims, bytes } = randomIdx(rng);
    const header = 4 + 4 * dims.length;
    if (rng.int(2) === 0) return bytes.subarray(0, header + rng.int(bytes.length - header)); // short data
    return Uint8Array.from([...bytes, ...Array.from({ length: rng.int(64) + 1 }, () => rng.int(256))]); // trailing bytes
  },
  'header cut': (rng: Rng) => {
    // a header of 1-8 dimensions of any size cut before its end, or fewer than 4 bytes
    const rank = rng.int(8) + 1;
    const header = new Uint8Array(4 + 4 * rank);
    header.set([0, 0, 8, rank]);
    for (let d = 0; d < rank; d++) new DataView(header.buffer).setUint32(4 + 4 * d, rng.nextUint32(), false);
    if (rng.int(4) === 0) return Uint8Array.from({ length: rng.int(4) }, () => rng.int(256));
    return header.subarray(0, 4 + rng.int(4 * rank));
  },
  'bit flips': (rng: Rng) => {
    const { bytes } = randomIdx(rng);
    const out = bytes.slice();
    for (let i = rng.int(8) + 1; i > 0; i--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
    return out;
  },
  'random bytes': (rng: Rng) => Uint8Array.from({ length: rng.int(64) }, () => (rng.int(4) === 0 ? 0 : rng.int(256))),
  'data values': (rng: Rng) => {
    const { dims, bytes } = randomIdx(rng);
    const out = bytes.slice();
    for (let i = 4 + 4 * dims.length; i < out.length; i++) if (rng.int(3) === 0) out[i] = rng.int(256);
    return new Valid(out);
  },
  'reshaped': (rng: Rng) => {
    // the same data under any dimensions with the same product: still valid
    const { dims, bytes } = randomIdx(rng);
    const n = dims.reduce((a, b) => a * b, 1);
    const split = rng.int(n) + 1;
    const shape = n % split === 0 ? [split, n / split] : [n];
    return new Valid(encodeIdx(shape, bytes.subarray(4 + 4 * dims.length)));
  },
  'not bytes': (rng: Rng) => pick(rng, [() => Array.from(randomIdx(rng).bytes), () => randomIdx(rng).bytes.buffer, () => String(rng.random()), () => rng.nextUint32()])(),
};

const CHECKS = [
  ['not bytes', /^fuzz\.idx: not a valid IDX file: expected bytes \(a Uint8Array\)$/],
  ['shorter than the magic', /^fuzz\.idx: not a valid IDX file: only \d bytes, shorter than the 4-byte magic number$/],
  ['magic bytes 0-1', /^fuzz\.idx: not a valid IDX file: bad magic number 0x[0-9a-f]{8}: the first two bytes must be 0$/],
  ['dtype code', /^fuzz\.idx: not a valid IDX file: element type 0x[0-9a-f]{2} is not supported/],
  ['rank 0', /^fuzz\.idx: not a valid IDX file: rank 0 \(no dimensions\)$/],
  ['expected rank', /^fuzz\.idx: not a valid IDX file: expected \d dimensions? \(magic 0x0000080\d\), got \d+$/],
  ['header cut', /^fuzz\.idx: not a valid IDX file: truncated header: \d+ dimensions need \d+ bytes, the file has \d+$/],
  ['element limit', /^fuzz\.idx: not a valid IDX file: dimensions \[[\d, .]+\] declare more than 2147483647 elements$/],
  ['data too short', /^fuzz\.idx: not a valid IDX file: dimensions \[[\d, ]+\] need \d+ data bytes, the file has \d+ \(truncated\?\)$/],
  ['data too long', /^fuzz\.idx: not a valid IDX file: dimensions \[[\d, ]+\] need \d+ data bytes, the file has \d+ \(trailing bytes\)$/],
] as const;

describe('IDX reader under hostile input', () => {
  it(`${CASES} seeded mutations aimed at every field: typed errors, bounded time and memory, every check reached`, (t) => {
    fuzz({
      name: 'IDX',
      seed: 1,
      mutators,
      checks: CHECKS,
      parse: (input) => (input instanceof WithRank ? parseIdx(input.bytes, 'fuzz.idx', input.rank) : parseIdx(input as Uint8Array, 'fuzz.idx')),
      key: (input) => (input instanceof WithRank ? Uint8Array.from([...input.bytes, input.rank]) : input),
    }, t);
  });
});
