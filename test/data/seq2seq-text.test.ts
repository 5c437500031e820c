import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileFormatError, Tensor, ValueError, formatSeq2seqText, parseSeq2seqText, splitSeq2seq } from '../../src/index.js';
import { assertThrows, fixture } from '../helpers.js';

type Ref = { text: string; chars: string[]; x: number[][]; t: number[][]; x_reversed: number[][] };
const ref = fixture<Record<string, Ref>>('seq2seq.json');

describe('parseSeq2seqText', () => {
  for (const name of ['addition', 'dates']) {
    it(`reads the book's format as dataset/sequence.py does (${name}): the vocabulary in order of first appearance over each question then its answer, the ids, the reversed questions`, () => {
      const r = ref[name]!;
      const data = parseSeq2seqText(new TextEncoder().encode(r.text));
      assert.deepEqual(data.vocab.chars, r.chars);
      assert.deepEqual(data.questions.toArray(), r.x);
      assert.deepEqual(data.answers.toArray(), r.t);
      assert.equal(data.questions.dtype, 'int32');
      assert.equal(data.startId, r.chars.indexOf('_'));
      assert.deepEqual(parseSeq2seqText(r.text, { reverse: true }).questions.toArray(), r.x_reversed);
    });
  }

  it('reads \\r\\n and \\r line ends as Python does, and a last line without its newline whole', () => {
    const r = ref.addition!;
    const lf = parseSeq2seqText(r.text);
    for (const text of [r.text.replace(/\n/g, '\r\n'), r.text.replace(/\n/g, '\r'), r.text.slice(0, -1)]) {
      const d = parseSeq2seqText(text);
      assert.deepEqual(d.questions.toArray(), lf.questions.toArray());
      assert.deepEqual(d.answers.toArray(), lf.answers.toArray());
    }
  });

  it('names the line whose width differs, a line without "_", an empty question or answer, a blank line, bad UTF-8 and a size above the limit', () => {
    const ok = '16+75  _91  \n';
    assertThrows(() => parseSeq2seqText(`${ok}1+2   _3  \n`, { name: 'a.txt' }), FileFormatError, /^a\.txt: line 2: the question is 6 characters wide, line 1's is 7; every question is padded with spaces to one width$/);
    assertThrows(() => parseSeq2seqText(`${ok}${ok}1+2    _3  \n`), FileFormatError, /line 3: the answer is 4 characters wide \(with its '_'\), line 1's is 5/);
    assertThrows(() => parseSeq2seqText(`${ok}16+75  91   \n`), FileFormatError, /line 2 has no '_' between the question and the answer: "16\+75  91   "/);
    assertThrows(() => parseSeq2seqText('_91\n'), FileFormatError, /line 1 has no question before its '_'/);
    assertThrows(() => parseSeq2seqText('1+2_\n'), FileFormatError, /line 1 has no answer after its '_'/);
    assertThrows(() => parseSeq2seqText(`${ok}\n${ok}`), FileFormatError, /line 2 is empty/);
    assertThrows(() => parseSeq2seqText(''), FileFormatError, /no examples/);
    assertThrows(() => parseSeq2seqText(Uint8Array.from([0x31, 0x5f, 0xff, 0x0a])), FileFormatError, /not UTF-8 text/);
    assertThrows(() => parseSeq2seqText(ok, { maxBytes: 5 }), FileFormatError, /above the limit of 5 bytes/);
  });
});

describe('splitSeq2seq', () => {
  it('holds out ⌊N/10⌋ examples after a seeded shuffle; the splits together are the data, each pair kept together', () => {
    const text = formatSeq2seqText(Array.from({ length: 25 }, (_, i) => [`${i}+0`, `${i}`] as [string, string]), 4, 3);
    const data = parseSeq2seqText(text);
    const { train, test } = splitSeq2seq(data);
    assert.deepEqual([train.questions.shape[0], test.questions.shape[0]], [23, 2]);
    const rows = (q: Tensor<'int32'>, a: Tensor<'int32'>) => Array.from({ length: q.shape[0]! }, (_, n) => `${data.vocab.decode(q.select(0, n).data)}|${data.vocab.decode(a.select(0, n).data)}`);
    const all = [...rows(train.questions, train.answers), ...rows(test.questions, test.answers)];
    assert.deepEqual([...all].sort(), rows(data.questions, data.answers).sort());
    assert.ok(all.every((r) => r.split('|')[0]!.split('+')[0] === r.split('|')[1]!.slice(1).trim()), 'questions and answers stay paired');
    assert.notDeepEqual(all, rows(data.questions, data.answers), 'shuffled');
    assert.deepEqual(splitSeq2seq(data).test.questions.toArray(), test.questions.toArray(), 'the same seed gives the same split');
    assertThrows(() => splitSeq2seq(data, { testFraction: 1 }), ValueError, /testFraction must be in \[0, 1\)/);
  });
});

describe('formatSeq2seqText', () => {
  it("pads questions and answers with spaces to their widths, the book's lines", () => {
    assert.equal(formatSeq2seqText([['16+75', '91'], ['706+796', '1502']], 7, 5), '16+75  _91  \n706+796_1502\n');
    assertThrows(() => formatSeq2seqText([['1_2', '3']], 7, 5), ValueError, /pair 0 .* does not fit/);
  });
});
