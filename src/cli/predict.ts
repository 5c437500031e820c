import { toMnistInput } from '../data/preprocess.js';
import { NoDigitError } from '../errors/index.js';
import { IMAGE_MAX_PIXELS } from '../formats/image/index.js';
import { softmax } from '../layers/functions.js';
import { readImageGray } from '../node/image-file.js';
import type { Answer, Predictor } from '../models/predictor.js';
import { loadPredictor } from '../node/model-file.js';
import { readFileBytes } from '../node/read-file.js';
import { Tensor } from '../tensor/tensor.js';
import { CliError, choiceFlag, intFlag, parse, type Flags } from './args.js';
import { out } from './common.js';
import { readModelData, withCliHint } from './model-data.js';
import { unitNumber } from './report.js';
import { readSequenceModelFile, sequencePredict } from './sequence-commands.js';
import { existsSync } from 'node:fs';

export const PREDICT_HELP = `Usage: scratchnet predict --model FILE IMAGE...
       scratchnet predict --model FILE --data ROWS.csv|X.npz
       scratchnet predict --model SEQ2SEQ.safetensors "QUESTION"...

A seq2seq model (trained with --model seq2seq, peeky-seq2seq or
attention-seq2seq) prints its greedy answer to each question, one a line
(--json: {"question", "answer"}); the question is padded (and reversed) as in
training, and every character must be in the model's vocabulary.

A model trained on your own data answers in your own terms, prepared with the
preprocessing saved in the model file: one line per row of a table (--data
ROWS.csv, with the columns the model was trained on; the target column may be
there or not), per sample of an .npz archive (--data X.npz, array x), or per
image file (a model trained on class folders of images): the three most likely
classes by name with their probabilities, or the value in the target's units.

A model trained on MNIST prints the three most likely digits, with
probabilities, for each image.
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
  --data PATH        rows to answer: a .csv table or an .npz archive
  --features NAME    .npz: the samples' array (default x)
  --invert MODE      which side the ink is on: auto (default), yes (dark ink on
                     light paper) or no (light ink on dark paper)
  --max-pixels N     refuse images above N pixels (width × height, read from
                     the file's header before decoding; default ${IMAGE_MAX_PIXELS})
  --json             one JSON object per image: {"file", "top": [{"digit", "p"}, ...]},
                     or {"file", "top": [], "error": "no digit found"}; your own
                     data: {"row" (or "file"), "class", "p", "top": [{"class", "p"},
                     ...]} for a classifier, {"row", "value"} for regression
                     (with "values" when the model predicts several numbers)
  --debug            show stack traces on errors
  -h, --help         show this help
`;

export function predictCommand(argv: readonly string[]): void {
  const f = parse('predict', argv, { model: 'string', data: 'string', features: 'string', invert: 'string', 'max-pixels': 'string', json: 'boolean', debug: 'boolean', help: 'boolean' }, true);
  if (f.bool('help')) {
    process.stdout.write(PREDICT_HELP);
    return;
  }
  const file = f.str('model');
  if (file === undefined) throw new CliError('predict needs --model FILE (a .safetensors file written by scratchnet train)');
  const seq = existsSync(file) ? readSequenceModelFile(file) : null;
  if (seq !== null) {
    for (const flag of ['data', 'features', 'invert', 'max-pixels']) if (f.str(flag) !== undefined) throw new CliError(`--${flag} does not go with ${file}, a ${seq.model.task} model (give the questions as arguments)`);
    sequencePredict(file, seq, f.positionals, f.bool('json'));
    return;
  }
  const predictor = loadPredictor(file);
  if (predictor.preprocessing !== null) {
    ownDataPredict(f, file, predictor);
    return;
  }
  if (f.str('data') !== undefined || f.str('features') !== undefined) throw new CliError(`--${f.str('data') !== undefined ? 'data' : 'features'} goes with models trained on your own data; ${file} holds no preprocessing (a model trained on MNIST-style data), so it reads digits: scratchnet predict --model ${file} IMAGE...`);
  if (f.positionals.length === 0) throw new CliError('predict needs at least one image: scratchnet predict --model FILE IMAGE...');
  const invertFlag = choiceFlag('invert', f.str('invert'), ['auto', 'yes', 'no'] as const, 'auto');
  const invert = invertFlag === 'auto' ? 'auto' : invertFlag === 'yes';
  const maxPixels = intFlag('max-pixels', f.str('max-pixels'), IMAGE_MAX_PIXELS);
  const { model } = predictor;
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

/** predict for a model with a preprocessing: rows of a table or an .npz, or image files; every answer is computed before any is printed. */
function ownDataPredict(f: Flags, file: string, predictor: Predictor): void {
  const prep = predictor.preprocessing!;
  if (f.str('invert') !== undefined) throw new CliError('--invert goes with digit models (trained on MNIST); this model prepares images as it was trained');
  let answers: Answer[];
  let labels: string[];
  if (prep.kind === 'image') {
    if (f.str('data') !== undefined) throw new CliError(`${file} was trained on images: give the image files, scratchnet predict --model ${file} IMAGE...`);
    if (f.positionals.length === 0) throw new CliError(`predict needs at least one image: scratchnet predict --model ${file} IMAGE...`);
    const maxPixels = intFlag('max-pixels', f.str('max-pixels'), IMAGE_MAX_PIXELS);
    answers = predictor.predictImages(f.positionals.map((p) => readFileBytes(p)), { names: f.positionals, maxPixels });
    labels = [...f.positionals];
  } else {
    const path = f.str('data');
    const kind = prep.kind === 'table' ? 'a .csv table with the columns it was trained on' : 'an .npz archive of samples (array x)';
    if (f.positionals.length > 0) throw new CliError(`${file} was trained on ${prep.kind === 'table' ? 'a table' : 'arrays'}, not images: give the rows with --data (${kind})`);
    if (path === undefined) throw new CliError(`predict needs --data PATH for ${file}: ${kind}`);
    if (f.str('max-pixels') !== undefined) throw new CliError('--max-pixels goes with image files');
    const data = readModelData(predictor, path, { ...(f.str('features') ? { x: f.str('features')! } : {}), y: null }, false);
    answers = withCliHint(() => predictor.predict(data.input));
    labels = answers.map((_, i) => `${prep.kind === 'table' ? 'row' : 'sample'} ${i + 1}`);
  }
  const target = prep.toJSON().target?.name;
  answers.forEach((a, i) => {
    const where = prep.kind === 'image' ? { file: labels[i] } : { row: i + 1 };
    if ('value' in a) {
      if (f.bool('json')) out(JSON.stringify({ ...where, value: a.value, ...(a.values.length > 1 ? { values: a.values } : {}) }));
      else out(`${labels[i]}: ${a.values.length > 1 ? a.values.map(unitNumber).join(', ') : `${target === undefined ? '' : `${target} `}${unitNumber(a.value)}`}`);
    } else if (f.bool('json')) out(JSON.stringify({ ...where, class: a.class, p: a.probability, top: a.top.map((t) => ({ class: t.class, p: t.probability })) }));
    else out(`${labels[i]}: ${a.top.map((t) => `${t.class} (${t.probability.toFixed(3)})`).join(', ')}`);
  });
}
