/** The book's settings for each sequence model, from its scripts (volume 2: ch06 train_rnnlm.py and train_better_rnnlm.py, ch07 train_seq2seq.py, ch08 train.py). */
export interface SequenceDefaults {
  readonly task: 'language-model' | 'seq2seq';
  readonly wordvecSize: number;
  readonly hiddenSize: number;
  readonly batchSize: number;
  readonly optimizer: 'sgd' | 'adam';
  readonly lr: number;
  readonly epochs: number;
  readonly maxGrad: number;
  /** Language models: time steps per batch (truncated BPTT). */
  readonly timeSize?: number;
  /** seq2seq: whether questions are read reversed. */
  readonly reverse?: boolean;
  readonly dropout?: number;
  /** The script the defaults come from. */
  readonly script: string;
}

export const SEQUENCE_DEFAULTS: Readonly<Record<string, SequenceDefaults>> = {
  rnnlm: { task: 'language-model', wordvecSize: 100, hiddenSize: 100, batchSize: 20, timeSize: 35, optimizer: 'sgd', lr: 20, epochs: 4, maxGrad: 0.25, script: 'ch06/train_rnnlm.py' },
  'better-rnnlm': { task: 'language-model', wordvecSize: 650, hiddenSize: 650, batchSize: 20, timeSize: 35, optimizer: 'sgd', lr: 20, epochs: 40, maxGrad: 0.25, dropout: 0.5, script: 'ch06/train_better_rnnlm.py' },
  seq2seq: { task: 'seq2seq', wordvecSize: 16, hiddenSize: 128, batchSize: 128, optimizer: 'adam', lr: 0.001, epochs: 25, maxGrad: 5, reverse: false, script: 'ch07/train_seq2seq.py' },
  'peeky-seq2seq': { task: 'seq2seq', wordvecSize: 16, hiddenSize: 128, batchSize: 128, optimizer: 'adam', lr: 0.001, epochs: 25, maxGrad: 5, reverse: false, script: 'ch07/train_seq2seq.py (is_peeky)' },
  'attention-seq2seq': { task: 'seq2seq', wordvecSize: 16, hiddenSize: 256, batchSize: 128, optimizer: 'adam', lr: 0.001, epochs: 10, maxGrad: 5, reverse: true, script: 'ch08/train.py' },
};

/** The names of the sequence kinds `--model` takes. */
export const SEQUENCE_MODELS = Object.keys(SEQUENCE_DEFAULTS);

/** The value of `--name` in argv (`--name V` or `--name=V`), read before the command parses its flags. */
export function peekFlag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i]!.startsWith(`--${name}=`)) return argv[i]!.slice(name.length + 3);
  }
  return undefined;
}
