import { describe, it } from 'node:test';
import { decodeSafetensors } from '../../src/index.js';
import { CASES, fuzz } from '../fuzz-harness.js';
import { randomParts, safetensorsChecks, safetensorsMutators } from './safetensors-mutations.js';

describe('safetensors reader under hostile input', () => {
  it(`${CASES} seeded mutations aimed at every field: typed errors, bounded time and memory, every check reached`, (t) => {
    fuzz({
      name: 'safetensors',
      seed: 3,
      mutators: safetensorsMutators(randomParts), // a fresh file of 1-4 tensors for every case
      checks: safetensorsChecks('fuzz.safetensors: not a valid safetensors file: '),
      parse: (input) => decodeSafetensors(input as Uint8Array, 'fuzz.safetensors'),
    }, t);
  });
});
