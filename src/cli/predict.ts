import { toMnistInput } from '../data/preprocess.js';
import { NoDigitError } from '../errors/index.js';
import { IMAGE_MAX_PIXELS } from '../formats/image/index.js';
import { softmax } from '../layers/functions.js';
import { readImageGray } from '../node/image-file.js';
import { loadModel } from '../node/model-file.js';
import { Tensor } from '../tensor/tensor.js';
import { CliError, choiceFlag, intFlag, parse } from './args.js';
import { out } from './common.js';

export const PREDICT_HELP = `Usage: scratchnet predict --model FILE IMAGE...

Prints the three most likely digits, with probabilities, for each image.
Images are PNG or JPEG (told apart by their content, not their name), of any
size up to the pixel limit. Each is prepared like MNIST: grayscale, the paper
estimated and subtracted (gray or unevenly lit paper is fine), ink made white
on black whether it was dark or light, cropped to the ink, scaled into 20×20
and centred by mass in 28×28.

An image with no marks that stand out from its paper prints
"IMAGE: no digit found" instead of a guess; the command then exits 1 only if
no image had a digit. An image that cannot be read stops the command before
anything is printed.

Options:
  --model FILE       a .safetensors file written by scratchnet train
  --invert MODE      which side the ink is on: auto (default), yes (dark ink on
                     light paper) or no (light ink on dark paper)
  --max-pixels N     refuse images above N pixels (width × height, read from
                     the file's header before decoding; default ${IMAGE_MAX_PIXELS})
  --json             one JSON object per image: {"file", "top": [{"digit", "p"}, ...]},
                     or {"file", "top": [], "error": "no digit found"}
  --debug            show stack traces on errors
  -h, --help         show this help
`;

export function predictCommand(argv: readonly string[]): void {
  const f = parse('predict', argv, { model: 'string', invert: 'string', 'max-pixels': 'string', json: 'boolean', debug: 'boolean', help: 'boolean' }, true);
  if (f.bool('help')) {
    process.stdout.write(PREDICT_HELP);
    return;
  }
  const file = f.str('model');
  if (file === undefined) throw new CliError('predict needs --model FILE (a .safetensors file written by scratchnet train)');
  if (f.positionals.length === 0) throw new CliError('predict needs at least one image: scratchnet predict --model FILE IMAGE...');
  const invertFlag = choiceFlag('invert', f.str('invert'), ['auto', 'yes', 'no'] as const, 'auto');
  const invert = invertFlag === 'auto' ? 'auto' : invertFlag === 'yes';
  const maxPixels = intFlag('max-pixels', f.str('max-pixels'), IMAGE_MAX_PIXELS);
  const model = loadModel(file);
  if (model.inputShape.reduce((a, b) => a * b, 1) !== 784) {
    throw new CliError(`predict reads 28×28 digits, but ${file} takes input of shape [${model.inputShape.join(', ')}]`);
  }
  const dtype = model.params[Object.keys(model.params)[0]!]!.dtype;
  // read every image first, so a bad file fails before anything is printed
  const inputs = f.positionals.map((path) => {
    const img = readImageGray(path, { maxPixels });
    try {
      return { path, x: toMnistInput(img.gray, img.width, img.height, { invert }), why: '' };
    } catch (e) {
      if (e instanceof NoDigitError) return { path, x: null, why: e.message.replace(/^.*no digit found: /, '') };
      throw e;
    }
  });
  for (const { path, x } of inputs) {
    if (x === null) {
      out(f.bool('json') ? JSON.stringify({ file: path, top: [], error: 'no digit found' }) : `${path}: no digit found`);
      continue;
    }
    const p = softmax(model.predict(Tensor.from(x, { shape: [1, ...model.inputShape], dtype }), { train: false })).data;
    const top = [...p.keys()].sort((a, b) => p[b]! - p[a]!).slice(0, 3).map((digit) => ({ digit, p: p[digit]! }));
    if (f.bool('json')) out(JSON.stringify({ file: path, top }));
    else out(`${path}: ${top.map((t) => `${t.digit} (${t.p.toFixed(3)})`).join(', ')}`);
  }
  const found = inputs.filter((i) => i.x !== null).length;
  if (found === 0) throw new CliError(inputs.length === 1 ? `no digit found in ${inputs[0]!.path}: ${inputs[0]!.why}` : `no digit found in any of the ${inputs.length} images`);
}
