import { describe, it } from 'node:test';
import { Rng, additionText, datesText, parseSeq2seqText } from '../../src/index.js';
import { Valid, fuzz, pick } from '../fuzz-harness.js';

const enc = new TextEncoder();

/** A fresh valid file: 1 to 30 addition or date examples from a random seed, as lines. */
function lines(rng: Rng): string[] {
  const n = rng.int(30) + 1;
  const seed = rng.int(1 << 30);
  const text = rng.int(2) === 0 ? additionText(n, { seed }) : datesText(n, { seed });
  return text.slice(0, -1).split('\n');
}
const join = (ls: readonly string[]) => `${ls.join('\n')}\n`;

/** Bytes with a maxBytes limit for the parse. */
class Limited {
  constructor(readonly bytes: Uint8Array, readonly maxBytes: number) {}
}

/** One line changed by `f`. */
function oneLine(rng: Rng, f: (line: string, rng: Rng) => string): Uint8Array {
  const ls = lines(rng);
  const i = rng.int(ls.length);
  ls[i] = f(ls[i]!, rng);
  return enc.encode(join(ls));
}

const insert = (s: string, at: number, what: string) => s.slice(0, at) + what + s.slice(at);
const remove = (s: string, at: number, n = 1) => s.slice(0, at) + s.slice(at + n);

const mutators = {
  valid: (rng: Rng) => new Valid(enc.encode(join(lines(rng)))),
  'separator moved or removed': (rng: Rng) =>
    oneLine(rng, (l, r) => {
      const cut = l.indexOf('_');
      const without = remove(l, cut);
      return pick(r, [() => without, () => insert(without, r.int(without.length + 1), '_'), () => insert(l, r.int(l.length + 1), '_')])();
    }),
  'question width': (rng: Rng) =>
    oneLine(rng, (l, r) => {
      const cut = l.indexOf('_');
      return r.int(2) === 0 ? insert(l, r.int(cut + 1), 'x'.repeat(r.int(3) + 1)) : remove(l, r.int(cut), r.int(Math.min(3, cut)) + 1);
    }),
  'answer width': (rng: Rng) =>
    oneLine(rng, (l, r) => {
      const cut = l.indexOf('_') + 1;
      return r.int(2) === 0 ? insert(l, cut + r.int(l.length - cut + 1), ' '.repeat(r.int(3) + 1)) : remove(l, cut + r.int(l.length - cut), 1);
    }),
  'empty question or answer': (rng: Rng) => oneLine(rng, (l, r) => (r.int(2) === 0 ? l.slice(l.indexOf('_')) : l.slice(0, l.indexOf('_') + 1))),
  'line ends': (rng: Rng) => {
    const ls = lines(rng);
    const text = join(ls);
    return enc.encode(
      pick(rng, [
        () => text.replace(/\n/g, '\r\n'), // valid
        () => text.replace(/\n/g, '\r'), // valid
        () => text.slice(0, -1), // valid: no final newline
        () => insert(text, text.indexOf('\n') + 1, '\n'.repeat(rng.int(3) + 1)), // blank lines
        () => (ls.length > 1 ? `${ls[0]}\n${ls.slice(1).join('')}\n` : text), // two lines run together
        () => '\n'.repeat(rng.int(4) + 1) + text, // leading blank lines
      ])(),
    );
  },
  'UTF-8 bytes': (rng: Rng) => {
    const bytes = enc.encode(join(lines(rng)));
    const bad = pick(rng, [[0xff], [0x80], [0xc3], [0xe2, 0x82], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80]]);
    const at = rng.int(bytes.length + 1);
    return Uint8Array.from([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)]);
  },
  'multibyte characters': (rng: Rng) => {
    // replace one character of every line by the same multibyte one: the widths in characters stay equal
    const ch = pick(rng, ['é', 'ß', '€', '日', '😀', '\u0000', '\t']);
    const ls = lines(rng);
    const col = rng.int(ls[0]!.indexOf('_'));
    const out = ls.map((l) => l.slice(0, col) + ch + l.slice(col + 1));
    return rng.int(3) === 0 ? enc.encode(join(out.map((l, i) => (i === 0 ? l : l.replace(ch, 'ab'))))) : new Valid(enc.encode(join(out)));
  },
  'size limit': (rng: Rng) => {
    const bytes = enc.encode(join(lines(rng)));
    return new Limited(bytes, rng.int(2) === 0 ? rng.int(bytes.length) + 1 : bytes.length + rng.int(10));
  },
  'cut short': (rng: Rng) => {
    const bytes = enc.encode(join(lines(rng)));
    if (rng.int(10) === 0) return enc.encode(pick(rng, ['', '\n', '\r', '\r\n'])); // nothing left
    return bytes.subarray(0, rng.int(bytes.length));
  },
  'bit flips': (rng: Rng) => {
    const out = enc.encode(join(lines(rng))).slice();
    for (let i = rng.int(6) + 1; i > 0; i--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
    return out;
  },
  'random bytes': (rng: Rng) => Uint8Array.from({ length: rng.int(200) }, () => pick(rng, [rng.int(256), 0x5f, 0x0a, 0x20, 0x31])),
  'one long line': (rng: Rng) => {
    const ls = lines(rng);
    ls.push(`${'9'.repeat(20000 + rng.int(20000))}_1`);
    return enc.encode(join(ls));
  },
};

describe('parseSeq2seqText under hostile input', () => {
  it('parses or names the problem for 10,000 seeded mutations aimed at every part of the format, in bounded time and memory', (t) => {
    fuzz(
      {
        name: 'parseSeq2seqText',
        seed: 17,
        mutators,
        parse: (input) => (input instanceof Limited ? parseSeq2seqText(input.bytes, { maxBytes: input.maxBytes }) : parseSeq2seqText(input as Uint8Array)),
        key: (input) => (input instanceof Limited ? Uint8Array.from([...input.bytes, ...enc.encode(`|${input.maxBytes}`)]) : input),
        checks: [
          ['size', /bytes, above the limit of \d+ bytes/],
          ['utf-8', /not UTF-8 text/],
          ['no examples', /: no examples;/],
          ['blank line', /line \d+ is empty/],
          ['no separator', /has no '_' between the question and the answer/],
          ['no question', /has no question before its '_'/],
          ['no answer', /has no answer after its '_'/],
          ['question width', /the question is \d+ characters wide/],
          ['answer width', /the answer is \d+ characters wide/],
        ],
      },
      t,
    );
  });
});
