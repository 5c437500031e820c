/**
 * The entries of the model-kind table (kinds.ts) for the book's second-volume models. They are built from
 * a vocabulary size rather than from a data set's sample shape, so their `build` and `fromConfig` point
 * to `sequence`, which {@link buildSequenceModel} and the model files use.
 */
import { ValueError } from '../errors/index.js';
import type { DType } from '../tensor/dtype.js';
import { AttentionSeq2seq } from './attention-seq2seq.js';
import { BetterRnnlm, type BetterRnnlmOptions } from './better-rnnlm.js';
import type { ModelKind } from './kinds.js';
import type { Model } from './model.js';
import { PeekySeq2seq } from './peeky-seq2seq.js';
import { Rnnlm } from './rnnlm.js';
import { Seq2seq } from './seq2seq.js';
import type { SequenceModel } from './sequence-model.js';

type Config = Readonly<Record<string, unknown>>;

function options(c: Config): BetterRnnlmOptions {
  const out: Record<string, unknown> = {};
  for (const k of ['vocabSize', 'wordvecSize', 'hiddenSize', 'seed', 'dropoutRatio']) {
    if (c[k] === undefined) continue;
    if (typeof c[k] !== 'number') throw new ValueError(`model config '${String(c.model)}': ${k} must be a number, got ${JSON.stringify(c[k])}`);
    out[k] = c[k];
  }
  if (c.dtype !== undefined) out.dtype = c.dtype as DType;
  return out as unknown as BetterRnnlmOptions;
}

function kind(name: string, about: string, lr: number | undefined, optimizer: 'sgd' | 'adam', make: (o: BetterRnnlmOptions) => SequenceModel): ModelKind {
  const refuse = (): Model => {
    throw new ValueError(`${name} is a sequence model: build it with buildSequenceModel('${name}', { vocabSize, ... }) and load its files with loadSequenceModel`);
  };
  return {
    name,
    about,
    input: 'ids',
    takes: [],
    training: { optimizer, ...(lr === undefined ? {} : { lr }) },
    build: refuse,
    fromConfig: refuse,
    describe: (c) => `${name} (vocabulary ${c.vocabSize}, word vectors ${c.wordvecSize}, hidden ${c.hiddenSize}${c.dropoutRatio === undefined ? '' : `, dropout ${c.dropoutRatio}`})`,
    sequence: { build: make, fromConfig: (c) => make(options(c)) },
  };
}

/** The five kinds, one entry each in the table. */
export const SEQUENCE_KINDS = {
  rnnlm: kind('rnnlm', "chapter 6's Rnnlm (embedding, LSTM, affine)", 20, 'sgd', (o) => new Rnnlm(o)),
  betterRnnlm: kind('better-rnnlm', "chapter 6's BetterRnnlm (two LSTMs, dropout, tied weights)", 20, 'sgd', (o) => new BetterRnnlm(o)),
  seq2seq: kind('seq2seq', "chapter 7's Seq2seq (encoder and decoder LSTMs)", undefined, 'adam', (o) => new Seq2seq(o)),
  peekySeq2seq: kind('peeky-seq2seq', "chapter 7's PeekySeq2seq (the decoder sees h at every step)", undefined, 'adam', (o) => new PeekySeq2seq(o)),
  attentionSeq2seq: kind('attention-seq2seq', "chapter 8's AttentionSeq2seq", undefined, 'adam', (o) => new AttentionSeq2seq(o)),
} as const;
