import { describe, it } from 'node:test';
import { parseNpy, parseNpz } from '../../src/index.js';
import { fuzz } from '../fuzz-harness.js';
import { npyMutators, npzMutators } from './npy-mutations.js';

/** The .npy reader's checks, each with the message it gives (every refusal must match exactly one). */
const NPY_CHECKS: readonly (readonly [string, RegExp])[] = [
  ['preamble', /only \d+ bytes, shorter than|the magic is /],
  ['version', /format version \d+\.\d+; versions/],
  ['header length', /the header length \d+ is above|the header declares \d+ bytes but/],
  ['header encoding', /the header is not valid UTF-8/],
  ['dict syntax', /unterminated string|where ".*" belongs|the shape holds .* expected whole numbers|not a tuple of whole numbers|a value the header cannot hold|a key that is not a string|not closed by "}"|text after the header dict|the key '.*' appears twice/],
  ['keys', /the header has keys/],
  ['descr', /dtype '.*' (is an object|holds strings|.*is not supported|has native|has no byte order)|'descr' is |a structured dtype/],
  ['fortran_order', /'fortran_order' is|in Fortran order/],
  ['shape', /'shape' is |declares more than \d+ elements/],
  ['data length', /needs \d+ data bytes, the file has \d+/],
  ['int64 range', /beyond the exact range of a number/],
];

const npz = (re: RegExp) => new RegExp(`^fuzz\\.npz: not a valid \\.npz file: .*(${re.source})`);

const NPZ_CHECKS: readonly (readonly [string, RegExp])[] = [
  ['not a ZIP', npz(/no end of central directory record/)],
  ['end record', npz(/the end record's comment|a ZIP64 archive|a multi-part archive|holds no arrays|does not end where the end record begins|entries cannot fit in a central directory/)],
  ['central entry', npz(/central directory entry \d+ (at byte \d+ is missing|runs past)|name is not valid UTF-8/)],
  ['ZIP64 extra', npz(/ZIP64 extra field|a ZIP64 size|without the ZIP64 extra field/)],
  ['names', npz(/is not a \.npy array|\) appears twice/)],
  ['encrypted', npz(/is encrypted/)],
  ['method', npz(/uses compression method|local header says compression method/)],
  ['sizes', npz(/is stored uncompressed but declares|more than deflate can expand to|above the limit of/)],
  ['local header', npz(/local header at byte \d+ is missing|local header names another file/)],
  ['data bounds', npz(/run into the central directory/)],
  ['overlap', npz(/overlaps entry/)],
  ['inflate', npz(/corrupt or cut-off deflate data|inflates to more than|inflates to \d+ bytes, not/)],
  ['CRC', npz(/CRC mismatch/)],
  ...NPY_CHECKS.map(([name, re]): [string, RegExp] => [`array: ${name}`, new RegExp(`^fuzz\\.npz, array '[^']*': not a valid \\.npy file: .*(${re.source})`)]),
];

/** Inflating and copying the arrays allocates a little more than the harness's default allows for a 1 MB bound. */
const MAX_GROWTH = 4 * 2 ** 20;

describe('numpy readers under hostile input: 10,000 seeded mutations each, aimed at every field', () => {
  it('.npy: magic, version, header length, descr, fortran_order, shape, dict syntax, data length', (t) => {
    fuzz({ name: '.npy', seed: 31, mutators: npyMutators, parse: (b) => parseNpy(b as Uint8Array, 'fuzz.npy'), checks: NPY_CHECKS.map(([n, re]) => [n, new RegExp(`^fuzz\\.npy: not a valid \\.npy file: .*(${re.source})`)]), minDistinct: 9000 }, t);
  });

  it('.npz: end record, central directory, local headers, names, ZIP64, sizes, deflate data, overlaps, the arrays inside', (t) => {
    // the inner arrays' rarer checks (a header not UTF-8, int64 out of range) come through one mutator of eleven
    fuzz({ name: '.npz', seed: 32, mutators: npzMutators, parse: (b) => parseNpz(b as Uint8Array, 'fuzz.npz'), checks: NPZ_CHECKS, minPerCheck: 5, maxGrowth: MAX_GROWTH }, t);
  });
});
