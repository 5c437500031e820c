import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileFormatError, additionText, loadSeq2seqText, parseSeq2seqText } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('loadSeq2seqText', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seq2seq-'));

  it("reads a file as the book's load_data: every example, a tenth held out after a seeded shuffle, reversed questions when asked", () => {
    const path = join(dir, 'addition.txt');
    writeFileSync(path, additionText(500, { seed: 9 }));
    const all = parseSeq2seqText(additionText(500, { seed: 9 }));
    const data = loadSeq2seqText(path);
    assert.deepEqual(data.vocab.chars, all.vocab.chars);
    assert.deepEqual([data.train.questions.shape, data.test.questions.shape], [[450, 7], [50, 7]]);
    const rev = loadSeq2seqText(path, { reverse: true });
    assert.deepEqual(rev.train.questions.toArray(), data.train.questions.flip(1).toArray());
    assert.deepEqual(rev.train.answers.toArray(), data.train.answers.toArray());
    assert.notDeepEqual(loadSeq2seqText(path, { seed: 1 }).test.questions.toArray(), data.test.questions.toArray());
  });

  it('names a missing file, a file above the size limit (before reading it) and the line of a bad example', () => {
    assertThrows(() => loadSeq2seqText(join(dir, 'none.txt')), FileFormatError, /none\.txt: cannot read \(ENOENT\)/);
    const path = join(dir, 'bad.txt');
    writeFileSync(path, '1+2_3\n1+23_4\n');
    assertThrows(() => loadSeq2seqText(path), FileFormatError, /bad\.txt: line 2: the question is 4 characters wide, line 1's is 3/);
    assertThrows(() => loadSeq2seqText(path, { maxBytes: 4 }), FileFormatError, /bad\.txt: 13 bytes, above the limit of 4 bytes/);
  });
});
