import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { encodeNpz, loadPredictor, readSafetensors, type ClassAnswer, type ValueAnswer } from '../../src/index.js';
import { ROOT } from '../helpers.js';
import { price, writeOwnData } from './own-data-files.js';

const BIN = join(ROOT, 'bin', 'scratchnet.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_command: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('scratchnet train on your own data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'own-data-'));
  before(() => writeOwnData(dir));

  it('a table with no other flag: says the task, trains an MLP with early stopping, and the file answers in euros', () => {
    const r = run(dir, 'train', '--data', 'houses.csv', '--target', 'price');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^scratchnet train: mlp 5-100-1 relu, weight decay 0\.001, mean-squared-error, adam lr 0\.01, batch 32, up to 500 epochs of 3 iterations, early stopping after 20 epochs without a lower validation loss \(by more than 0\.0001\), seed 0$/m);
    assert.match(r.stdout, /^data: houses\.csv: 120 rows, 96 rows to train and 24 to validate; 5 inputs \(area, rooms, city=Lyon, city=Nice, city=Paris\)/m);
    assert.match(r.stdout, /^task: regression \(the target "price" holds 120 different whole numbers; --task classification would make them classes\)$/m);
    assert.match(r.stdout, /^early stopping: no lower validation loss \(by more than 0\.0001\) for 20 epochs, stopped after epoch \d+$/m);
    const r2 = Number(/^done: validation R² (0\.\d+)/m.exec(r.stdout)?.[1]);
    assert.ok(r2 > 0.9, `validation R² ${r2}`);
    assert.match(r.stdout, /^saved the model to model\.safetensors with its preprocessing\nanswers in the target's units: \S.* predict --model model\.safetensors --data ROWS\.csv$/m);
    const predictor = loadPredictor(join(dir, 'model.safetensors'));
    assert.equal(predictor.preprocessing?.kind, 'table');
    const [paris, lyon] = predictor.predict([{ area: 80, rooms: 3, city: 'Paris' }, { area: 45, rooms: 2, city: 'Lyon' }]) as ValueAnswer[];
    assert.ok(Math.abs(paris!.value / price(80, 3, 'Paris') - 1) < 0.1, `Paris: ${paris!.value} for ${price(80, 3, 'Paris')}`);
    assert.ok(Math.abs(lyon!.value / price(45, 2, 'Lyon') - 1) < 0.15, `Lyon: ${lyon!.value} for ${price(45, 2, 'Lyon')}`);
  });

  it('classification from text, with --json: validation figures every epoch, the task and the kept epoch in the summary', () => {
    const r = run(dir, 'train', '--data', 'flowers.csv', '--target', 'species', '--json', '--epochs', '40', '--schedule', 'cosine', '--out', 'flowers.safetensors', '--plot', 'flowers.svg');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const epochs = lines.slice(0, -1);
    assert.ok(epochs.length >= 1 && epochs.length <= 40);
    for (const e of epochs) assert.deepEqual(Object.keys(e), ['epoch', 'iter', 'loss', 'trainAcc', 'testAcc', 'validation', 'lr', 'seconds']);
    assert.ok((epochs[0]!.lr as number) > (epochs.at(-1)!.lr as number), 'the cosine schedule lowers the rate');
    const summary = lines.at(-1)!;
    assert.deepEqual(Object.keys(summary), ['model', 'task', 'iters', 'epochs', 'trainAcc', 'testAcc', 'loss', 'train', 'validation', 'stopReason', 'bestEpoch', 'seconds']);
    assert.equal(summary.task, 'classification');
    assert.ok((summary.validation as { accuracy: number }).accuracy >= 0.9, JSON.stringify(summary.validation));
    const best = summary.bestEpoch as number;
    assert.deepEqual(summary.validation, { loss: (epochs[best - 1]!.validation as { loss: number }).loss, accuracy: (epochs[best - 1]!.validation as { accuracy: number }).accuracy });
    const svg = readFileSync(join(dir, 'flowers.svg'), 'utf8');
    assert.match(svg, /validation acc/);
    const [answer] = loadPredictor(join(dir, 'flowers.safetensors')).predict([{ 'sepal length': 5.6, 'petal length': 5.4, colour: 'pale' }]) as ClassAnswer[];
    assert.equal(answer!.class, 'virginica');
    const trained = JSON.parse(readSafetensors(join(dir, 'flowers.safetensors')).metadata['scratchnet.trained']!) as { validation: unknown };
    assert.deepEqual(trained.validation, summary.validation);
  });

  it('an image folder and an npz archive', () => {
    const images = run(dir, 'train', '--data', 'shapes', '--image-size', '8x8', '--epochs', '15', '--lr', '0.01', '--out', 'shapes.safetensors');
    assert.equal(images.code, 0, images.stderr);
    assert.match(images.stdout, /^scratchnet train: simple-conv/m);
    assert.match(images.stdout, /^data: shapes: 20 images in 2 class folders, resized to 8×8 gray; 16 images to train and 4 to validate \(stratified by class\)/m);
    assert.match(images.stdout, /^task: classification \(the folder names are the classes: corners, middle\)$/m);
    assert.deepEqual(loadPredictor(join(dir, 'shapes.safetensors')).classes, ['corners', 'middle']);
    const arrays = run(dir, 'train', '--data', 'sine.npz', '--json', '--hidden', '32,32', '--out', 'sine.safetensors');
    assert.equal(arrays.code, 0, arrays.stderr);
    const summary = lastJson(arrays.stdout);
    assert.equal(summary.task, 'regression');
    assert.ok((summary.validation as { r2: number }).r2 > 0.8, JSON.stringify(summary.validation));
    // the validation errors are in y's own units: 5·sin(x₀) + x₁ spans about ±8
    assert.ok((summary.validation as { mae: number }).mae < 1.5, JSON.stringify(summary.validation));
  });

  it('a run on a table resumes from its checkpoint and ends as an uninterrupted run', () => {
    const flags = ['--data', 'flowers.csv', '--target', 'species', '--json', '--seed', '4'];
    assert.equal(run(dir, 'train', ...flags, '--epochs', '3', '--checkpoint-dir', 'ckpt', '--out', 'part.safetensors').code, 0);
    const resumed = run(dir, 'train', '--resume', 'ckpt', '--epochs', '6', '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    const straight = run(dir, 'train', ...flags, '--epochs', '6', '--out', 'whole.safetensors');
    const { seconds: _a, ...a } = lastJson(resumed.stdout);
    const { seconds: _b, ...b } = lastJson(straight.stdout);
    assert.deepEqual(a, b);
    const refused = run(dir, 'train', '--resume', 'ckpt', '--target', 'colour');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /these flags contradict the checkpoint: --target/);
  });

  it('--missing drop and --categorical: rows with a gap dropped and counted, a column of numbers one-hot', () => {
    writeFileSync(join(dir, 'zips.csv'), `zip,area,y\n${Array.from({ length: 40 }, (_, i) => `${i % 2 ? 69001 : 75002},${i % 7 === 3 ? '' : 40 + i},${i % 2 ? 'Lyon' : 'Paris'}`).join('\n')}\n`);
    const r = run(dir, 'train', '--data', 'zips.csv', '--target', 'y', '--missing', 'drop', '--categorical', 'zip', '--epochs', '2', '--out', 'zips.safetensors');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^data: zips\.csv: 34 rows \(6 dropped\), 27 rows to train and 7 to validate \(stratified by class\); 3 inputs \(zip=69001, zip=75002, area\)/m);
  });

  it('MNIST with a validation split, early stopping and a schedule: the book\'s JSON keys, then validation and lr', () => {
    const r = run(dir, 'train', '--train-limit', '500', '--test-limit', '100', '--iters', '40', '--batch-size', '50', '--validation-split', '0.2', '--early-stopping', '3', '--schedule', 'step:1:0.5', '--json', '--out', 'mnist.safetensors');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(Object.keys(lines[0]!), ['epoch', 'iter', 'loss', 'trainAcc', 'testAcc', 'validation', 'lr', 'seconds']);
    assert.deepEqual(lines.slice(0, -1).map((l) => l.lr), [0.1, 0.05, 0.025, 0.0125, 0.00625].slice(0, lines.length - 1));
    assert.equal(lines[0]!.iter, 8, '400 training images after the split: 8 batches of 50');
    assert.deepEqual(Object.keys(lines.at(-1)!), ['model', 'iters', 'epochs', 'trainAcc', 'testAcc', 'loss', 'validation', 'stopReason', 'bestEpoch', 'seconds']);
  });

  it('answers bad input with one line and exit code 1, writing nothing', () => {
    writeFileSync(join(dir, 'ragged.csv'), 'a,b,y\n1,2,x\n3,4\n');
    writeFileSync(join(dir, 'words.csv'), 'a,b,y\n1,2,x\n3,zz,y\n4,5,x\n');
    writeFileSync(join(dir, 'inf.csv'), 'a,b,y\n1,2,x\n3,inf,y\n');
    writeFileSync(join(dir, 'gaps.csv'), 'a,b,y\n1,2,x\nNA,4,y\n5,6,x\n7,8,y\n');
    writeFileSync(join(dir, 'one.csv'), 'a,b,y\n1,2,x\n3,4,x\n');
    writeFileSync(join(dir, 'empty.csv'), 'a,b,y\n');
    mkdirSync(join(dir, 'broken', 'a'), { recursive: true });
    mkdirSync(join(dir, 'broken', 'b'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'a', '1.png'), readFileSync(join(dir, 'shapes', 'middle', '0.png')));
    writeFileSync(join(dir, 'broken', 'b', '2.png'), 'not a picture');
    writeFileSync(join(dir, 'cut.npz'), readFileSync(join(dir, 'sine.npz')).subarray(0, 200));
    writeFileSync(join(dir, 'one-class.npz'), encodeNpz({ x: { dtype: 'float64', shape: [3, 1], data: Float64Array.of(1, 2, 3) }, y: { dtype: 'int64', shape: [3], data: Float64Array.of(1, 1, 1) } }));
    const cases: [string[], RegExp][] = [
      [['--data', 'ragged.csv', '--target', 'y'], /^error: ragged\.csv, row 2 \(line 3\): 2 fields, expected 3/],
      [['--data', 'words.csv', '--target', 'y'], /^error: words\.csv, row 2 \(line 3\), column "b": expected a number, got "zz"; most of this column are numbers; name it with --categorical if it holds categories/],
      [['--data', 'gaps.csv', '--target', 'y'], /^error: gaps\.csv, row 2 \(line 3\), column "a": a missing value \("NA"\); fill it in, or drop incomplete rows \(--missing drop\)/],
      [['--data', 'sine.npz', '--missing', 'drop'], /^error: --missing goes with a table \(a \.csv file\), not an \.npz archive/],
      [['--data', 'inf.csv', '--target', 'y'], /^error: inf\.csv, row 2 \(line 3\), column "b": "inf" is not a finite number/],
      [['--data', 'one.csv', '--target', 'y'], /^error: one\.csv: the target column "y" holds one class only \("x"\)/],
      [['--data', 'empty.csv', '--target', 'y'], /^error: empty\.csv: .*empty data/],
      [['--data', 'houses.csv', '--target', 'Price'], /^error: houses\.csv: no column "Price" for the target; the columns are "area", "rooms", "city", "price"; did you mean "price"\?/],
      [['--data', 'houses.csv'], /^error: --data houses\.csv is a table: name the column to predict with --target COLUMN \(the columns are "area", "rooms", "city", "price"\)/],
      [['--data', 'broken'], /^error: broken[/\\]b[/\\]2\.png: not a readable PNG or JPEG image/],
      [['--data', 'cut.npz'], /^error: cut\.npz: not a valid \.npz file/],
      [['--data', 'one-class.npz', '--task', 'classification'], /^error: one-class\.npz: array 'y' holds one class only \(1\)/],
      [['--data', 'flowers.csv', '--target', 'species', '--task', 'regression'], /^error: flowers\.csv, row 1 \(line 2\), column "species": regression needs numbers in the target, got "setosa"/],
      [['--data', 'flowers.csv', '--target', 'species', '--image-size', '8'], /^error: --image-size goes with --data DIR of class folders of images, not a table/],
      [['--data', 'flowers.csv', '--target', 'species', '--model', 'simple-conv'], /^error: simple-conv: takes images of shape \[C, H, W\], the data has samples of shape \[4\]; use --model mlp/],
      [['--data', 'flowers.csv', '--target', 'species', '--schedule', 'step'], /^error: --schedule step: step takes the epochs between steps/],
      [['--data', 'flowers.csv', '--target', 'species', '--validation-split', '0', '--early-stopping', '5'], /^error: --early-stopping watches the validation loss, but --validation-split is 0/],
      [['--data', 'houses.csv', '--target', 'price', '--batch-size', '200'], /^error: --batch-size 200 is larger than the 96 training samples/],
      [['--data', 'photo.png'], /^error: --data photo\.png: no such file or folder/],
      [['--target', 'price'], /^error: --target goes with your own --data/],
    ];
    for (const [args, pattern] of cases) {
      const r = run(dir, 'train', ...args, '--out', 'never.safetensors', '--plot', 'never.svg');
      assert.equal(r.code, 1, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
      assert.match(r.stderr, pattern, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
      assert.equal(r.stdout, '', `${args.join(' ')}: nothing on stdout`);
      assert.ok(!existsSync(join(dir, 'never.safetensors')) && !existsSync(join(dir, 'never.svg')), `${args.join(' ')} wrote a file`);
    }
  });
});
