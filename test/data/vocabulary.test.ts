import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueError, Vocabulary } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('Vocabulary', () => {
  it('numbers characters (code points) in order of first appearance and decodes them back', () => {
    const v = new Vocabulary();
    v.add('ab a');
    v.add('é😀b');
    assert.deepEqual(v.chars, ['a', 'b', ' ', 'é', '😀']);
    assert.deepEqual(v.encode('😀 a'), [4, 2, 0]);
    assert.equal(v.decode([3, 4, 1]), 'é😀b');
    assert.deepEqual(Vocabulary.fromChars(v.chars).chars, v.chars);
  });

  it('names an unknown character, an unknown id and a bad saved list', () => {
    const v = Vocabulary.fromChars(['x', 'y']);
    assertThrows(() => v.encode('xz'), ValueError, /character "z" at 1 of "xz" is not in the vocabulary of 2/);
    assertThrows(() => v.decode([0, 2]), ValueError, /id 2 at 1 is outside the vocabulary of 2/);
    assertThrows(() => Vocabulary.fromChars(['x', 'x']), ValueError, /"x" appears twice \(entries 0 and 1\)/);
    assertThrows(() => Vocabulary.fromChars(['xy']), ValueError, /entry 0 must be one character/);
  });
});
