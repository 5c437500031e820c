import { ValueError } from '../errors/index.js';

/**
 * Characters and their ids, numbered in order of first appearance, as the book's dataset/sequence.py
 * builds `char_to_id` and `id_to_char`. Characters are Unicode code points (Python's `list(text)`).
 *
 * @example
 * ```ts
 * import { Vocabulary } from 'scratchnet';
 * const vocab = new Vocabulary();
 * vocab.add('16+75  ');
 * vocab.encode('61');   // [1, 0]
 * vocab.decode([2, 3]); // '+7'
 * ```
 */
export class Vocabulary {
  private readonly list: string[] = [];
  private readonly map = new Map<string, number>();

  /** The characters in id order. */
  get chars(): readonly string[] {
    return this.list;
  }

  /** Number of characters. */
  get size(): number {
    return this.list.length;
  }

  /** Adds each new character of `text` with the next id (the book's `_update_vocab`). */
  add(text: string): void {
    for (const ch of text) {
      if (!this.map.has(ch)) {
        this.map.set(ch, this.list.length);
        this.list.push(ch);
      }
    }
  }

  /** The id of one character, or undefined. */
  idOf(ch: string): number | undefined {
    return this.map.get(ch);
  }

  /** The ids of the characters of `text`; a character not in the vocabulary is an error naming it. */
  encode(text: string): number[] {
    return Array.from(text, (ch, i) => {
      const id = this.map.get(ch);
      if (id === undefined) throw new ValueError(`Vocabulary.encode: character ${JSON.stringify(ch)} at ${i} of ${JSON.stringify(text)} is not in the vocabulary of ${this.size} (${JSON.stringify(this.list.join(''))})`);
      return id;
    });
  }

  /** The characters of `ids`. */
  decode(ids: ArrayLike<number>): string {
    let out = '';
    for (let i = 0; i < ids.length; i++) {
      const ch = this.list[ids[i]!];
      if (ch === undefined) throw new ValueError(`Vocabulary.decode: id ${ids[i]} at ${i} is outside the vocabulary of ${this.size}`);
      out += ch;
    }
    return out;
  }

  /** A vocabulary with these characters in this order (as saved with a model). */
  static fromChars(chars: readonly string[]): Vocabulary {
    const v = new Vocabulary();
    chars.forEach((ch, i) => {
      if (typeof ch !== 'string' || [...ch].length !== 1) throw new ValueError(`Vocabulary.fromChars: entry ${i} must be one character, got ${JSON.stringify(ch)}`);
      if (v.map.has(ch)) throw new ValueError(`Vocabulary.fromChars: ${JSON.stringify(ch)} appears twice (entries ${v.map.get(ch)} and ${i})`);
      v.add(ch);
    });
    return v;
  }
}
