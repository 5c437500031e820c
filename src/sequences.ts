/**
 * The second volume of the book: int32 ids, the time layers (Embedding, RNN, LSTM, GRU, attention),
 * language models and seq2seq, their trainers and metrics, and the seq2seq text data. Browser-safe;
 * re-exported by core.ts.
 */
export type { SequenceModel, LanguageModel, Seq2seqModel, GenerateOptions } from './models/sequence-model.js';
export { SequenceModelBase, type SequenceModelOptions, type SequenceSizes } from './models/sequence-base.js';
export { Rnnlm } from './models/rnnlm.js';
export { Seq2seq, Seq2seqBase } from './models/seq2seq.js';
export * from './layers/time/index.js';
export { clipGrads, type ClippedGrads } from './train/clip-grads.js';
export { LanguageModelTrainer, trainLanguageModel, type LanguageModelTrainOptions, type LanguageModelEpoch, type LanguageModelTrainerState, type LanguageModelTrainResult } from './train/language-model-trainer.js';
export { Seq2seqTrainer, trainSeq2seq, takeIdRows, type Seq2seqData, type Seq2seqSplit, type Seq2seqEpoch, type Seq2seqTrainOptions, type Seq2seqTrainerState, type Seq2seqTrainResult } from './train/seq2seq-trainer.js';
export { perplexity, type PerplexityOptions } from './metrics/perplexity.js';
export { exactMatch, type ExactMatchOptions } from './metrics/exact-match.js';
export { TimeBatcher, type TimeBatcherState } from './data/time-batches.js';
export { Vocabulary } from './data/vocabulary.js';
export { parseSeq2seqText, splitSeq2seq, formatSeq2seqText, SEQ2SEQ_MAX_BYTES, type Seq2seqText, type Seq2seqTextOptions, type Seq2seqSplits } from './data/seq2seq-text.js';
export { additionExamples, additionText, type AdditionOptions } from './data/addition.js';
export { dateExamples, datesText, type DateOptions } from './data/dates.js';
export { BetterRnnlm, type BetterRnnlmOptions } from './models/better-rnnlm.js';
export { PeekySeq2seq } from './models/peeky-seq2seq.js';
export { AttentionSeq2seq } from './models/attention-seq2seq.js';
export { Encoder, AttentionEncoder, type NamedLayer } from './models/seq2seq-encoder.js';
export { Decoder } from './models/seq2seq-decoder.js';
export { PeekyDecoder } from './models/peeky-decoder.js';
export { AttentionDecoder } from './models/attention-decoder.js';
export { sequenceModelFromConfig, buildSequenceModel } from './models/registry.js';
export { sequenceModelFromSafetensors } from './formats/model-bytes.js';
export { encodeSequenceCheckpoint, decodeSequenceCheckpoint, SEQUENCE_CHECKPOINT_KEY, type SequenceCheckpoint, type SequenceRunConfig } from './train/sequence-checkpoint.js';
export { parseTextCorpus, encodeTextCorpus, TEXT_CORPUS_MAX_BYTES, EOS, type TextCorpus, type TextCorpusOptions, type CorpusLevel } from './data/text-corpus.js';
export { grammarText, type GrammarTextOptions } from './data/grammar-text.js';
export { readVocabulary, vocabularyMetadata, VOCABULARY_KEY, type SequenceVocabulary, type LanguageModelVocabulary, type Seq2seqVocabulary } from './formats/sequence-vocabulary.js';
