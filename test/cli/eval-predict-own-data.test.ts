import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import {
  Adam, Predictor, Preprocessing, Sequential, Tensor, loadCsv, type LayerSpec, loadImageFolder, loadNpz, saveModel, train, type ClassAnswer, type ValueAnswer,
} from '../../src/index.js';
import { ROOT } from '../helpers.js';
import { price, writeOwnData } from './own-data-files.js';

const BIN = join(ROOT, 'bin', 'scratchnet.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A small network trained in this process on a table, an .npz or an image folder, saved with its preprocessing. */
function trainAndSave(path: string, x: Tensor, y: Int32Array | Tensor, prep: Preprocessing, regression: boolean, layers: LayerSpec[]): Predictor {
  const net = new Sequential({ inputShape: [...prep.inputShape], layers, ...(regression ? { loss: 'mean-squared-error' as const } : {}), seed: 1 });
  train(net, { train: { images: x, labels: prep.transformTarget(y) } }, { optimizer: new Adam(0.01), epochs: 150, batchSize: Math.min(32, x.shape[0]!) });
  const predictor = new Predictor(net, prep);
  saveModel(path, predictor);
  return predictor;
}

describe('scratchnet eval and predict on your own data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'own-eval-'));
  let flats: Predictor;
  let flowers: Predictor;
  let sine: Predictor;
  const mlp = (out: number): LayerSpec[] => [{ type: 'Affine', units: 32 }, { type: 'Relu' }, { type: 'Affine', units: out }];

  before(() => {
    writeOwnData(dir);
    const houses = loadCsv(join(dir, 'houses.csv'), { target: 'price' });
    const hp = Preprocessing.fit(houses.table, { target: 'price' });
    flats = trainAndSave(join(dir, 'flats.safetensors'), hp.transform(houses.table).x, houses.y, hp, true, mlp(1));
    const fl = loadCsv(join(dir, 'flowers.csv'), { target: 'species' });
    const fp = Preprocessing.fit(fl.table, { target: 'species' });
    flowers = trainAndSave(join(dir, 'flowers.safetensors'), fp.transform(fl.table).x, fl.y, fp, false, mlp(3));
    const img = loadImageFolder(join(dir, 'shapes'), { size: 8 });
    trainAndSave(join(dir, 'shapes.safetensors'), img.x, img.y, img.preprocessing, false, [{ type: 'Flatten' }, ...mlp(2)]);
    const { x, y } = loadNpz(join(dir, 'sine.npz'));
    const sp = Preprocessing.fitArrays(x, y);
    sine = trainAndSave(join(dir, 'sine.safetensors'), sp.transform(x).x, y!, sp, true, mlp(1));
  });

  it('eval of a regression: the last --json line in the target\'s units; the same figures for people', () => {
    const r = run(dir, 'eval', '--model', 'flats.safetensors', '--data', 'houses.csv', '--json');
    assert.equal(r.code, 0, r.stderr);
    const e = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    assert.deepEqual(Object.keys(e), ['task', 'n', 'mse', 'mae', 'r2']);
    // worked out here from the file's prices and the model's answers in euros
    const rows = readFileSync(join(dir, 'houses.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const answers = flats.predict(rows.map(([area, rooms, city]) => ({ area: Number(area), rooms: Number(rooms), city: city! }))) as ValueAnswer[];
    const errors = answers.map((a, i) => a.value - Number(rows[i]![3]));
    const mse = errors.reduce((s, d) => s + d * d, 0) / errors.length;
    const mae = errors.reduce((s, d) => s + Math.abs(d), 0) / errors.length;
    assert.equal(e.n, 120);
    assert.ok(Math.abs(e.mse! / mse - 1) < 1e-6, `mse ${e.mse} vs ${mse}`);
    assert.ok(Math.abs(e.mae! / mae - 1) < 1e-6, `mae ${e.mae} vs ${mae}`);
    assert.ok(e.r2! > 0.9 && e.r2! < 1);
    const human = run(dir, 'eval', '--model', 'flats.safetensors', '--data', 'houses.csv');
    assert.match(human.stdout, /^flats\.safetensors \(sequential \(Affine, Relu, Affine\), mean-squared-error\): 120 rows of houses\.csv$/m);
    assert.match(human.stdout, new RegExp(`^R² ${e.r2!.toFixed(4)}, MAE \\d+(\\.\\d+)?, RMSE \\d+(\\.\\d+)?, MSE \\d+ \\(errors in the units of "price"\\)$`, 'm'));
  });

  it('eval of a classifier: accuracy, loss, per-class figures and the confusion matrix, as JSON and as a table', () => {
    const r = run(dir, 'eval', '--model', 'flowers.safetensors', '--data', 'flowers.csv', '--json');
    assert.equal(r.code, 0, r.stderr);
    const e = JSON.parse(r.stdout) as { task: string; n: number; accuracy: number; loss: number; classes: { class: string; precision: number; recall: number; f1: number; support: number }[]; confusion: number[][] };
    assert.deepEqual(Object.keys(e), ['task', 'n', 'accuracy', 'loss', 'classes', 'confusion']);
    assert.deepEqual(e.classes.map((c) => c.class), ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(e.classes.map((c) => c.support), [30, 30, 30]);
    assert.equal(e.confusion.flat().reduce((a, b) => a + b, 0), 90);
    assert.equal(e.accuracy, (e.confusion[0]![0]! + e.confusion[1]![1]! + e.confusion[2]![2]!) / 90);
    e.classes.forEach((c, k) => assert.equal(c.recall, e.confusion[k]![k]! / 30));
    const human = run(dir, 'eval', '--model', 'flowers.safetensors', '--data', 'flowers.csv').stdout.split('\n');
    const header = human.findIndex((l) => l.startsWith('confusion matrix'));
    assert.deepEqual(human[header + 1]!.trim().split(/\s+/), ['setosa', 'versicolor', 'virginica']);
    for (let k = 0; k < 3; k++) assert.deepEqual(human[header + 2 + k]!.trim().split(/\s+/), [e.classes[k]!.class, ...e.confusion[k]!.map(String)]);
    assert.match(human.join('\n'), /^class\s+precision\s+recall\s+f1\s+support$/m);
  });

  it('eval of an image model maps class folders by name, and names a class it never saw', () => {
    const part = join(dir, 'only-middle');
    cpSync(join(dir, 'shapes', 'middle'), join(part, 'middle'), { recursive: true });
    const r = run(dir, 'eval', '--model', 'shapes.safetensors', '--data', 'only-middle', '--json');
    assert.equal(r.code, 0, r.stderr);
    const e = JSON.parse(r.stdout) as { n: number; confusion: number[][] };
    assert.equal(e.n, 10);
    assert.deepEqual(e.confusion[0], [0, 0], 'no image of "corners", the model\'s class 0');
    cpSync(join(dir, 'shapes', 'corners'), join(part, 'squares'), { recursive: true });
    const unseen = run(dir, 'eval', '--model', 'shapes.safetensors', '--data', 'only-middle');
    assert.equal(unseen.code, 1);
    assert.match(unseen.stderr, /^error: only-middle: the class folder "squares" is a class never seen in training; the classes are "corners", "middle"\n$/);
    rmSync(part, { recursive: true });
  });

  it('predict answers rows in the target\'s units, and in class names with the top three', () => {
    writeFileSync(join(dir, 'new-flats.csv'), 'area,rooms,city\n80,3,Paris\n45,2,Lyon\n');
    const r = run(dir, 'predict', '--model', 'flats.safetensors', '--data', 'new-flats.csv');
    assert.equal(r.code, 0, r.stderr);
    const [a, b] = flats.predict([{ area: 80, rooms: 3, city: 'Paris' }, { area: 45, rooms: 2, city: 'Lyon' }]) as ValueAnswer[];
    assert.equal(r.stdout, `row 1: price ${Math.round(a!.value)}\nrow 2: price ${Math.round(b!.value)}\n`);
    assert.ok(Math.abs(a!.value / price(80, 3, 'Paris') - 1) < 0.15);
    const json = run(dir, 'predict', '--model', 'flats.safetensors', '--data', 'new-flats.csv', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(json, [{ row: 1, value: a!.value }, { row: 2, value: b!.value }]);
    writeFileSync(join(dir, 'new-flowers.csv'), 'sepal length;petal length;colour;species\n5.0;1.4;pale;\n5.6;5.6;bright;virginica\n');
    const c = run(dir, 'predict', '--model', 'flowers.safetensors', '--data', 'new-flowers.csv');
    assert.equal(c.code, 0, c.stderr);
    const lines = c.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^row 1: setosa \(\d\.\d{3}\), (versicolor|virginica) \(\d\.\d{3}\), (versicolor|virginica) \(\d\.\d{3}\)$/);
    assert.match(lines[1]!, /^row 2: virginica /);
    const top = (run(dir, 'predict', '--model', 'flowers.safetensors', '--data', 'new-flowers.csv', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l)) as { class: string; p: number; top: { class: string; p: number }[] }[]);
    const [mine] = flowers.predict([{ 'sepal length': 5.6, 'petal length': 5.6, colour: 'bright' }]) as ClassAnswer[];
    assert.deepEqual(top[1]!.top, mine!.top.map((t) => ({ class: t.class, p: t.probability })));
    assert.ok(Math.abs(top[1]!.top.reduce((s, t) => s + t.p, 0) - 1) < 1e-6, 'three classes: the top three hold all the probability');
  });

  it('predict answers image files and npz samples; eval measures an npz', () => {
    const r = run(dir, 'predict', '--model', 'shapes.safetensors', join('shapes', 'middle', '0.png'), join('shapes', 'corners', '1.png'), '--json');
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; class: string });
    assert.deepEqual(rows.map((x) => x.file), [join('shapes', 'middle', '0.png'), join('shapes', 'corners', '1.png')]);
    assert.deepEqual(rows.map((x) => x.class), ['middle', 'corners']);
    const p = run(dir, 'predict', '--model', 'sine.safetensors', '--data', 'sine.npz');
    assert.equal(p.code, 0, p.stderr);
    assert.equal(p.stdout.trim().split('\n').length, 100);
    const { x } = loadNpz(join(dir, 'sine.npz'));
    const first = (sine.predict(x) as ValueAnswer[])[0]!.value;
    assert.match(p.stdout, new RegExp(`^sample 1: y ${String(Number(first.toPrecision(5))).replace('.', '\\.')}$`, 'm'));
    const e = JSON.parse(run(dir, 'eval', '--model', 'sine.safetensors', '--data', 'sine.npz', '--json').stdout) as { task: string; r2: number };
    assert.equal(e.task, 'regression');
    assert.ok(e.r2 > 0.8, `r2 ${e.r2}`);
  });

  it('answers bad input with one line and exit code 1', () => {
    writeFileSync(join(dir, 'tulips.csv'), 'sepal length;petal length;colour;species\n5.1;1.4;pale;tulip\n');
    writeFileSync(join(dir, 'other-columns.csv'), 'area,floor,city\n80,3,Paris\n');
    writeFileSync(join(dir, 'new-colour.csv'), 'sepal length;petal length;colour\n5.1;1.4;green\n');
    const cases: [string[], RegExp][] = [
      [['eval', '--model', 'flowers.safetensors', '--data', 'tulips.csv'], /^error: tulips\.csv, row 1 \(line 2\), column "species": the class "tulip" was never seen in training; the classes are "setosa", "versicolor", "virginica"$/],
      [['predict', '--model', 'flats.safetensors', '--data', 'other-columns.csv'], /^error: other-columns\.csv: the columns differ from those the preprocessing was fitted on: missing "rooms"; not in training "floor"; .*drop the extra columns \(an id column, say\) from the file$/],
      [['predict', '--model', 'flowers.safetensors', '--data', 'new-colour.csv'], /^error: new-colour\.csv, row 1 \(line 2\), column "colour": the category "green" was never seen in training; known: "bright", "pale"$/],
      [['eval', '--model', 'flowers.safetensors', '--data', 'houses.csv'], /^error: houses\.csv: no column "species", the target the model was trained to predict/],
      [['eval', '--model', 'flowers.safetensors'], /^error: eval needs --data PATH for flowers\.safetensors: labelled data of the kind it was trained on \(a \.csv table with its target column\)$/],
      [['eval', '--model', 'shapes.safetensors', '--data', 'flowers.csv'], /^error: --data flowers\.csv: the model was trained on images/],
      [['predict', '--model', 'flowers.safetensors', 'photo.png'], /^error: flowers\.safetensors was trained on a table, not images: give the rows with --data/],
      [['predict', '--model', 'shapes.safetensors', 'flowers.csv'], /^error: flowers\.csv: not a readable PNG or JPEG image/],
      [['predict', '--model', 'sine.safetensors', '--data', 'sine.npz', '--features', 'z'], /^error: sine\.npz: no array named 'z' for the samples; the file holds 'x', 'y'/],
    ];
    for (const [args, pattern] of cases) {
      const r = run(dir, ...args);
      assert.equal(r.code, 1, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
      assert.match(r.stderr.trimEnd(), pattern, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.equal(r.stdout, '', `${args.join(' ')}: nothing printed before the error`);
    }
  });
});
