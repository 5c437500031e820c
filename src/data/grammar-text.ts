import { ValueError } from '../errors/index.js';
import { Rng } from '../random/rng.js';

/** Options of {@link grammarText}. */
export interface GrammarTextOptions {
  /** Seed of the draws (default 0). */
  readonly seed?: number;
}

const NOUNS = ['cat', 'dog', 'bird', 'child', 'teacher', 'farmer', 'king', 'horse'] as const;
const PLURAL: Readonly<Record<string, string>> = { child: 'children' };
const VERBS = [['sees', 'see'], ['likes', 'like'], ['follows', 'follow'], ['finds', 'find']] as const;
const INTRANSITIVE = [['sleeps', 'sleep'], ['runs', 'run'], ['sings', 'sing']] as const;
const ADJECTIVES = ['tall', 'small', 'happy', 'red'] as const;
const PLACES = ['in the garden', 'by the river', 'at home', 'on the hill'] as const;

/**
 * English-like sentences from a small grammar, one per line, drawn from a seeded generator: a text for
 * language models that needs no download. A verb agrees with its subject (`the cat sleeps`, `the cats
 * sleep`), so a model has something to learn beyond word frequencies.
 *
 * @example
 * ```ts
 * import { grammarText } from 'scratchnet';
 * grammarText(2, { seed: 1 }); // e.g. 'the tall dogs see a bird .\na king sleeps by the river .\n'
 * ```
 */
export function grammarText(lines: number, options: GrammarTextOptions = {}): string {
  if (!Number.isSafeInteger(lines) || lines < 1) throw new ValueError(`grammarText: lines must be a whole number ≥ 1, got ${lines}`);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new ValueError(`grammarText: seed must be a whole number, got ${seed}`);
  const rng = new Rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const phrase = (): { words: string; plural: boolean } => {
    const plural = rng.random() < 0.4;
    const noun = pick(NOUNS);
    const det = plural ? pick(['the', 'some', 'two']) : pick(['the', 'a', 'one']);
    const adj = rng.random() < 0.3 ? `${pick(ADJECTIVES)} ` : '';
    return { words: `${det} ${adj}${plural ? (PLURAL[noun] ?? `${noun}s`) : noun}`, plural };
  };
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const subject = phrase();
    const form = subject.plural ? 1 : 0;
    const rest = rng.random() < 0.6 ? `${pick(VERBS)[form]} ${phrase().words}` : pick(INTRANSITIVE)[form];
    const place = rng.random() < 0.3 ? ` ${pick(PLACES)}` : '';
    out.push(`${subject.words} ${rest}${place} .\n`);
  }
  return out.join('');
}
