import { describe, it } from 'node:test';
import { parsePickle } from '../../src/index.js';
import { CASES, fuzz } from '../fuzz-harness.js';
import { pickleChecks, pickleMutators } from './pickle-mutations.js';

describe('pickle reader under hostile input', () => {
  it(`${CASES} seeded mutations aimed at opcodes, lengths, array headers, memo indices, protocols, frames and class names: typed errors, bounded time and memory, every check reached`, (t) => {
    fuzz({
      name: 'pickle',
      seed: 19,
      mutators: pickleMutators(), // starting from the Python-made fixtures (every protocol, both numpy spellings) or hand-made programs
      checks: pickleChecks('fuzz.pkl'),
      parse: (input) => parsePickle(input as Uint8Array, 'fuzz.pkl'),
    }, t);
  });
});
