import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileFormatError, readVocabulary, vocabularyMetadata } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const s2s = { task: 'seq2seq', tokens: ['1', '+', ' ', '_', '2'], startId: 3, reversed: true, questionWidth: 4, answerWidth: 3 } as const;
const meta = (v: unknown) => ({ 'scratchnet.vocabulary': JSON.stringify(v) });

describe('the vocabulary in a sequence model file', () => {
  it('round-trips through the metadata', () => {
    assert.deepEqual(readVocabulary(vocabularyMetadata(s2s), 'seq2seq', 5, 'm'), s2s);
    const lm = { task: 'language-model', level: 'word', tokens: ['the', 'cat', '<eos>'] } as const;
    assert.deepEqual(readVocabulary(vocabularyMetadata(lm), 'language-model', 3, 'm'), lm);
  });

  it('refuses a vocabulary that does not fit the model, naming the file and what is wrong', () => {
    const cases: [Record<string, string>, string, number, RegExp][] = [
      [{}, 'seq2seq', 5, /^m\.safetensors: no 'scratchnet\.vocabulary' in the metadata/],
      [{ 'scratchnet.vocabulary': '{' }, 'seq2seq', 5, /bad JSON in 'scratchnet\.vocabulary'/],
      [meta([1]), 'seq2seq', 5, /is not a JSON object/],
      [meta(s2s), 'language-model', 5, /the vocabulary is a "seq2seq" model's, the model a language-model model/],
      [meta(s2s), 'seq2seq', 6, /the vocabulary has 5 entries, the model reads 6 ids/],
      [meta({ ...s2s, tokens: ['1', '1', ' ', '_', '2'] }), 'seq2seq', 5, /lists an entry twice/],
      [meta({ ...s2s, tokens: ['1', '', ' ', '_', '2'] }), 'seq2seq', 5, /must be a list of words or characters/],
      [meta({ ...s2s, startId: 5 }), 'seq2seq', 5, /the start id 5 is outside the vocabulary of 5/],
      [meta({ ...s2s, answerWidth: 1 }), 'seq2seq', 5, /'answerWidth' must be a whole number ≥ 2, got 1/],
      [meta({ ...s2s, reversed: 'yes' }), 'seq2seq', 5, /'reversed' must be true or false/],
      [meta({ ...s2s, tokens: ['12', '+', ' ', '_', '2'] }), 'seq2seq', 5, /not one character/],
      [meta({ task: 'language-model', level: 'byte', tokens: ['a', 'b'] }), 'language-model', 2, /level must be 'word' or 'char', got "byte"/],
      [meta({ task: 'language-model', level: 'char', tokens: ['ab', 'b'] }), 'language-model', 2, /a character vocabulary holds an entry that is not one character/],
    ];
    for (const [m, task, size, pattern] of cases) assertThrows(() => readVocabulary(m, task as 'seq2seq', size, 'm.safetensors'), FileFormatError, pattern);
  });
});
