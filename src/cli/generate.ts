import { existsSync } from 'node:fs';
import { readFileBytes } from '../node/read-file.js';
import { CliError, intFlag, parse } from './args.js';
import { out } from './common.js';
import { modelKindOf, readSequenceModelFile, sequenceGenerate } from './sequence-commands.js';

export const GENERATE_HELP = `Usage: scratchnet generate --model FILE --start TEXT [--length N] [--seed S]

Samples a text from a language model trained with 'scratchnet train --model rnnlm'
(or better-rnnlm), as the book's generate_text.py: the start is fed in, then
each next word (or character) is drawn from the softmax of the model's scores
and fed back. The model file holds its vocabulary; at word level each <eos>
is printed as a line break.

Options:
  --model FILE       a language model saved by scratchnet train
  --start TEXT       the words (or characters) to begin with; each must be in the
                     model's vocabulary
  --length N         words (characters) to add after the start (default 100)
  --seed S           seed of the draws (default 0): the same seed, the same text
  --json             print {"start", "text"} instead of the text
  --debug            show stack traces on errors
  -h, --help         show this help
`;

export function generateCommand(argv: readonly string[]): void {
  const f = parse('generate', argv, { model: 'string', start: 'string', length: 'string', seed: 'string', json: 'boolean', debug: 'boolean', help: 'boolean' });
  if (f.bool('help')) {
    process.stdout.write(GENERATE_HELP);
    return;
  }
  const file = f.str('model');
  if (file === undefined) throw new CliError('generate needs --model FILE (a language model saved by scratchnet train --model rnnlm)');
  const start = f.str('start');
  if (start === undefined) throw new CliError('generate needs --start TEXT: the words (or characters) to begin with');
  const length = intFlag('length', f.str('length'), 100, 1, 1_000_000);
  const seed = intFlag('seed', f.str('seed'), 0, 0);
  if (!existsSync(file)) throw new CliError(`--model ${file}: no such file`);
  const s = readSequenceModelFile(file);
  if (s === null) throw new CliError(`${file} holds a ${modelKindOf(readFileBytes(file), file) || 'non-sequence'} model, not a language model; generate samples from models trained with --model rnnlm or better-rnnlm`);
  const text = sequenceGenerate(file, s, start, length, seed);
  out(f.bool('json') ? JSON.stringify({ start, text }) : text);
}
