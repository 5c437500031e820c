import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileFormatError, ValueError, encodeTextCorpus, grammarText, loadTextCorpus, parseTextCorpus } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('parseTextCorpus', () => {
  it("numbers words in order of first appearance with <eos> at each line's end, as the book's ptb.py (checked by running its lines in python3)", () => {
    const text = ' the cat sat \n the dog sat on the cat \n';
    const c = parseTextCorpus(text);
    // ptb.py: words = text.replace('\n', '<eos>').strip().split(); ids in order of first appearance
    const py = spawnSync('python3', ['-c', `import sys,json
t=sys.stdin.read(); w=t.replace('\\n','<eos>').strip().split(); d={}
for x in w: d.setdefault(x,len(d))
print(json.dumps([list(d), [d[x] for x in w]]))`], { input: text, encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const [tokens, ids] = JSON.parse(py.stdout) as [string[], number[]];
    assert.deepEqual(c.tokens, tokens);
    assert.deepEqual(Array.from(c.ids), ids);
    assert.equal(c.level, 'word');
  });

  it('splits a text into characters (code points, newlines kept; \\r\\n read as \\n)', () => {
    const c = parseTextCorpus(Buffer.from('ab\r\nbé😀\n'), { level: 'char' });
    assert.deepEqual(c.tokens, ['a', 'b', '\n', 'é', '😀']);
    assert.deepEqual(Array.from(c.ids), [0, 1, 2, 1, 3, 4, 2]);
  });

  it('reads a text with a trained vocabulary, naming the line of an unknown word or character', () => {
    assert.deepEqual(Array.from(encodeTextCorpus('sat the\n', ['the', 'cat', 'sat', '<eos>'])), [2, 0, 3]);
    assertThrows(() => encodeTextCorpus('the cat\nthe cow\n', ['the', 'cat', '<eos>'], { name: 'v.txt' }), FileFormatError, /^v\.txt: line 2: the word "cow" is not in the model's vocabulary of 3 words/);
    assertThrows(() => encodeTextCorpus('ab\nax', ['a', 'b', '\n'], { level: 'char' }), FileFormatError, /line 2: the character "x" is not in the model's vocabulary of 3 characters/);
  });

  it('refuses what is not a text: invalid UTF-8, too large, too short, a bad level', () => {
    assertThrows(() => parseTextCorpus(Uint8Array.of(0x61, 0xff, 0x62), { name: 'b.bin' }), FileFormatError, /^b\.bin: not UTF-8 text/);
    assertThrows(() => parseTextCorpus(new Uint8Array(20).fill(97), { maxBytes: 10 }), FileFormatError, /20 bytes, above the limit of 10 bytes/);
    assertThrows(() => parseTextCorpus('', { name: 'e' }), FileFormatError, /^e: 0 words; a language model needs a text of at least two/);
    assertThrows(() => parseTextCorpus('a b', { level: 'byte' as 'word' }), ValueError, /level must be 'word' or 'char', got "byte"/);
  });

  it('loadTextCorpus reads a file, and refuses one above maxBytes before reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    const path = join(dir, 'toy.txt');
    writeFileSync(path, grammarText(50, { seed: 2 }));
    const c = loadTextCorpus(path);
    assert.equal(c.tokens[c.ids[0]!], grammarText(50, { seed: 2 }).split(' ')[0]);
    assertThrows(() => loadTextCorpus(path, { maxBytes: 100 }), FileFormatError, /toy\.txt: \d+ bytes, above the limit of 100 bytes/);
    assertThrows(() => loadTextCorpus(join(dir, 'none.txt')), FileFormatError, /none\.txt: cannot read \(ENOENT\)/);
  });
});

describe('grammarText', () => {
  it('is deterministic in its seed, one sentence a line, the verb agreeing with the subject', () => {
    const a = grammarText(300, { seed: 4 });
    assert.equal(a, grammarText(300, { seed: 4 }));
    assert.notEqual(a, grammarText(300, { seed: 5 }));
    const lines = a.trimEnd().split('\n');
    assert.equal(lines.length, 300);
    for (const line of lines) {
      assert.match(line, / \.$/);
      const [det, ...rest] = line.split(' ');
      const noun = rest.find((w) => /^(cat|dog|bird|child|teacher|farmer|king|horse)s?$|^children$/.test(w))!;
      const verb = rest[rest.indexOf(noun) + 1]!;
      const plural = noun.endsWith('s') || noun === 'children';
      assert.equal(plural, !verb.endsWith('s'), `${line}: ${det} ${noun} ${verb}`);
    }
    assert.ok(parseTextCorpus(a).tokens.length < 60, 'a small vocabulary');
  });

  it('refuses a bad count or seed', () => {
    assertThrows(() => grammarText(0), ValueError, /lines must be a whole number ≥ 1, got 0/);
    assertThrows(() => grammarText(2, { seed: 0.5 }), ValueError, /seed must be a whole number, got 0.5/);
  });
});
