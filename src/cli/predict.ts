import { toMnistInput } from '../data/preprocess.js';
import { loadModel } from '../node/model-file.js';
import { readImageGray } from '../node/image-file.js';
import { softmax } from '../layers/functions.js';
import { Tensor } from '../tensor/tensor.js';
import { CliError, choiceFlag, parse } from './args.js';
import { out } from './common.js';

export const PREDICT_HELP = `Usage: scratchnet predict --model FILE IMAGE.png...

Prints the three most likely digits, with probabilities, for each image.
Any size works: each image is converted like MNIST (grayscale, white digit on
black, inverted automatically when the background is light, cropped to the
ink, scaled into 20×20 and centred by mass in 28×28).

Options:
  --model FILE       a .safetensors file written by scratchnet train
  --invert MODE      auto (default), yes or no
  --json             one JSON object per image: {"file", "top": [{"digit", "p"}, ...]}
  --debug            show stack traces on errors
  -h, --help         show this help
`;

export function predictCommand(argv: readonly string[]): void {
  const f = parse('predict', argv, { model: 'string', invert: 'string', json: 'boolean', debug: 'boolean', help: 'boolean' }, true);
  if (f.bool('help')) {
    process.stdout.write(PREDICT_HELP);
    return;
  }
  const file = f.str('model');
  if (file === undefined) throw new CliError('predict needs --model FILE (a .safetensors file written by scratchnet train)');
  if (f.positionals.length === 0) throw new CliError('predict needs at least one image: scratchnet predict --model FILE IMAGE.png...');
  const invertFlag = choiceFlag('invert', f.str('invert'), ['auto', 'yes', 'no'] as const, 'auto');
  const invert = invertFlag === 'auto' ? 'auto' : invertFlag === 'yes';
  const model = loadModel(file);
  if (model.inputShape.reduce((a, b) => a * b, 1) !== 784) {
    throw new CliError(`predict reads 28×28 digits, but ${file} takes input of shape [${model.inputShape.join(', ')}]`);
  }
  const dtype = model.params[Object.keys(model.params)[0]!]!.dtype;
  // read every image first, so a bad file fails before anything is printed
  const inputs = f.positionals.map((path) => {
    const img = readImageGray(path);
    return { path, x: toMnistInput(img.gray, img.width, img.height, { invert }) };
  });
  for (const { path, x } of inputs) {
    const p = softmax(model.predict(Tensor.from(x, { shape: [1, ...model.inputShape], dtype }), { train: false })).data;
    const top = [...p.keys()].sort((a, b) => p[b]! - p[a]!).slice(0, 3).map((digit) => ({ digit, p: p[digit]! }));
    if (f.bool('json')) out(JSON.stringify({ file: path, top }));
    else out(`${path}: ${top.map((t) => `${t.digit} (${t.p.toFixed(3)})`).join(', ')}`);
  }
}
