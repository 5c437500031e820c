import { basename } from 'node:path';
import { ACTIVATIONS } from '../models/init.js';
import { modelFromConfig } from '../models/registry.js';
import { fmtShape } from '../errors/index.js';
import { setBookParams } from '../formats/book-weights.js';
import { modelFileBytes } from '../formats/model-bytes.js';
import { parsePickle } from '../formats/pickle.js';
import { readFileBytes } from '../node/read-file.js';
import { CliError, choiceFlag, parse, ratioFlag } from './args.js';
import { CLI_MODELS, modelFromFlags } from './build-model.js';
import { describeModel, out } from './common.js';
import { checkOutputFile, writeOutputs } from './outputs.js';

export const CONVERT_HELP = `Usage: scratchnet convert FILE.pkl --out FILE.safetensors --model KIND [options]

Converts a weight file pickled by the book's code (a dict of parameter names
to numpy arrays, as its save_params writes it, or a list of arrays) into a
scratchnet model file, which eval, predict, export and loadModel read. The
book's names and shapes map onto the model's:

  ch03/sample_weight.pkl         --model mlp --hidden 50,100 --activation sigmoid
  ch07/params.pkl                --model simple-conv
  ch08/deep_convnet_params.pkl   --model deep-conv

The pickle is read by a restricted reader that knows only dicts and lists of
float16/32/64 numpy arrays (protocols 2 to 5); nothing in the file is run.

Options:
  --out FILE             where to write the .safetensors model file
  --model KIND           ${CLI_MODELS.join(', ')}, or a Sequential spec FILE.json
  --hidden N[,N...]      hidden units, as for scratchnet train
  --activation NAME      relu (default), sigmoid, tanh
  --dropout RATIO        deep-conv's dropout ratio (default 0.5, the book's)
  --dtype TYPE           float32 (default) or float64, the model's numbers
  --debug                show stack traces on errors
  -h, --help             show this help
`;

export function convertCommand(argv: readonly string[]): void {
  const f = parse('convert', argv, { out: 'string', model: 'string', hidden: 'string', activation: 'string', dropout: 'string', dtype: 'string', debug: 'boolean', help: 'boolean' }, true);
  if (f.bool('help')) {
    process.stdout.write(CONVERT_HELP);
    return;
  }
  if (f.positionals.length !== 1) {
    throw new CliError(f.positionals.length === 0 ? 'convert needs the file to convert: scratchnet convert FILE.pkl --out FILE.safetensors --model KIND' : `convert takes one file, got ${f.positionals.length}: ${f.positionals.join(' ')}`);
  }
  const file = f.positionals[0]!;
  const target = f.str('out');
  const kind = f.str('model');
  if (target === undefined) throw new CliError('convert needs --out FILE.safetensors');
  if (kind === undefined) throw new CliError('convert needs --model KIND (mlp --hidden 50,100 --activation sigmoid for ch03/sample_weight.pkl, simple-conv for ch07/params.pkl, deep-conv for ch08/deep_convnet_params.pkl)');
  const dtype = choiceFlag('dtype', f.str('dtype'), ['float32', 'float64'] as const, 'float32');
  const activation = f.str('activation');
  const dropout = f.str('dropout');
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  const built = modelFromFlags({
    model: kind,
    ...optional('hidden', f.str('hidden')),
    ...optional('activation', activation === undefined ? undefined : choiceFlag('activation', activation, ACTIVATIONS, 'relu')),
    ...optional('dropout', dropout === undefined ? undefined : ratioFlag('dropout', dropout)),
    batchNorm: false,
    seed: 0,
  });
  checkOutputFile('out', target);
  const model = dtype === built.config().dtype ? built : modelFromConfig({ ...built.config(), dtype });
  const name = basename(file);
  const taken = setBookParams(model, parsePickle(readFileBytes(file), name), name);
  const bytes = modelFileBytes(model, { source: name });
  writeOutputs([{ path: target, bytes }]);
  const fileTypes = [...new Set(taken.map((p) => p.fileDtype))].join('/');
  const cast = taken.some((p) => p.fileDtype !== p.dtype) ? `, ${fileTypes} in the file stored as ${dtype}${dtype === 'float32' && fileTypes.includes('float64') ? ' (--dtype float64 keeps them)' : ''}` : '';
  out(`wrote ${target} (${describeModel(model)}, ${bytes.length} bytes): ${taken.map((p) => `${p.name} ${fmtShape(p.shape)}`).join(', ')} from ${name}${cast}`);
}
