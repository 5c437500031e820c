import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encode } from 'fast-png';
import {
  FileFormatError, Predictor, Preprocessing, Sequential, ShapeError, Tensor, TwoLayerNet, ValueError, csvData, encodeSafetensors, decodeSafetensors,
  loadPredictor, modelFileBytes, predictorFromSafetensors, saveModel, type ClassAnswer, type ValueAnswer,
} from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const FLATS = 'area,city,price\n100,Lyon,200\n50,Paris,110\n80,Lyon,170\n60,Paris,140\n';
// the rows by hand: area mean 72.5, std √(1418.75/4); price mean 155, std √(4650/4)
const AREA = [72.5, Math.sqrt((27.5 ** 2 + 22.5 ** 2 + 7.5 ** 2 + 12.5 ** 2) / 4)] as const;
const PRICE = [155, Math.sqrt((45 ** 2 + 45 ** 2 + 15 ** 2 + 15 ** 2) / 4)] as const;

/** A linear regression whose weights are set by hand: y_std = 0.5·area_std + 0.25·[Lyon] − 0.25·[Paris]. */
function flatsModel(): { net: Sequential; prep: Preprocessing } {
  const d = csvData(FLATS, { target: 'price' });
  const prep = Preprocessing.fit(d.table, { target: 'price' });
  const net = new Sequential({ inputShape: prep.inputShape, layers: [{ type: 'Affine', units: 1 }], loss: 'mean-squared-error', dtype: 'float64' });
  net.setParams({ W1: Tensor.from([[0.5], [0.25], [-0.25]], { dtype: 'float64' }), b1: Tensor.from([0], { dtype: 'float64' }) });
  return { net, prep };
}

/** The same rule worked out by hand, in euros. */
const byHand = (area: number, city: string) => (0.5 * (area - AREA[0]) / AREA[1] + (city === 'Lyon' ? 0.25 : -0.25)) * PRICE[1] + PRICE[0];

describe('Predictor', () => {
  it('answers raw rows in the target\'s units', () => {
    const { net, prep } = flatsModel();
    const [a, b] = new Predictor(net, prep).predict([{ area: 90, city: 'Lyon' }, { area: 40, city: 'Paris' }]) as ValueAnswer[];
    assert.ok(Math.abs(a!.value - byHand(90, 'Lyon')) < 1e-9, `${a!.value} vs ${byHand(90, 'Lyon')}`);
    assert.ok(Math.abs(b!.value - byHand(40, 'Paris')) < 1e-9);
    assert.deepEqual(a!.values, [a!.value]);
  });

  it('evaluates a regression in the target\'s units', () => {
    const { net, prep } = flatsModel();
    const rows: [number, string, number][] = [[100, 'Lyon', 200], [50, 'Paris', 110], [80, 'Lyon', 170], [60, 'Paris', 140]];
    const errors = rows.map(([area, city, price]) => byHand(area, city) - price);
    const mse = errors.reduce((s, e) => s + e * e, 0) / 4;
    const mae = errors.reduce((s, e) => s + Math.abs(e), 0) / 4;
    const r = new Predictor(net, prep).evaluate(csvData(FLATS, { target: 'price' }).table);
    assert.equal(r.task, 'regression');
    if (r.task !== 'regression') return;
    assert.ok(Math.abs(r.mse - mse) < 1e-6 * mse, `mse ${r.mse} vs ${mse}`);
    assert.ok(Math.abs(r.mae - mae) < 1e-9 * mae, `mae ${r.mae} vs ${mae}`);
    assert.ok(Math.abs(r.r2 - (1 - mse / PRICE[1] ** 2)) < 1e-9);
    assert.equal(r.n, 4);
  });

  it('names classes with their probabilities, most likely first', () => {
    const d = csvData('petal,species\n1.4,setosa\n4.7,versicolor\n1.3,setosa\n6.0,virginica\n', { target: 'species' });
    const prep = Preprocessing.fit(d.table, { target: 'species' });
    const net = new TwoLayerNet(1, 4, 3, { seed: 3, weightInitStd: 1 });
    const predictor = new Predictor(net, prep);
    const [answer] = predictor.predict([{ petal: 5 }], { top: 2 }) as ClassAnswer[];
    const logits = Array.from(net.predict(prep.transform([{ petal: 5 }]).x).data);
    const exp = logits.map((v) => Math.exp(v - Math.max(...logits)));
    const p = exp.map((e) => e / exp.reduce((s, v) => s + v, 0));
    const order = [0, 1, 2].sort((i, j) => p[j]! - p[i]!);
    assert.deepEqual(answer!.top.map((t) => t.class), order.slice(0, 2).map((i) => ['setosa', 'versicolor', 'virginica'][i]));
    assert.ok(Math.abs(answer!.probability - p[order[0]!]!) < 1e-6);
    assert.equal(answer!.class, answer!.top[0]!.class);
    assert.deepEqual(predictor.classes, ['setosa', 'versicolor', 'virginica']);
    const r = predictor.evaluate(d.table);
    assert.equal(r.task, 'classification');
    assert.equal(r.n, 4);
  });

  it('reads a yes/no model\'s one sigmoid column as two classes', () => {
    const d = csvData('x,answer\n0,no\n1,yes\n0.2,no\n0.9,yes\n', { target: 'answer' });
    const prep = Preprocessing.fit(d.table, { target: 'answer' });
    const net = new Sequential({ inputShape: [1], layers: [{ type: 'Affine', units: 1 }], loss: 'sigmoid-cross-entropy' });
    net.setParams({ W1: Tensor.from([[2]]), b1: Tensor.from([0.5]) });
    const [a] = new Predictor(net, prep).predict([{ x: 1 }]) as ClassAnswer[];
    const z = 2 * ((1 - 0.525) / Math.sqrt((0.525 ** 2 + 0.475 ** 2 + 0.325 ** 2 + 0.375 ** 2) / 4)) + 0.5;
    const yes = 1 / (1 + Math.exp(-z));
    assert.equal(a!.class, 'yes');
    assert.ok(Math.abs(a!.probability - yes) < 1e-6, `${a!.probability} vs ${yes}`);
    assert.deepEqual(a!.top.map((t) => t.class), ['yes', 'no']);
  });

  it('travels in the model file: loadPredictor answers as the predictor that was saved', () => {
    const { net, prep } = flatsModel();
    const path = join(mkdtempSync(join(tmpdir(), 'predictor-')), 'flats.safetensors');
    saveModel(path, new Predictor(net, prep), { note: 'kept' });
    const back = loadPredictor(path);
    assert.deepEqual(back.preprocessing?.toJSON(), prep.toJSON());
    const rows = [{ area: 75, city: 'Paris' }];
    assert.deepEqual(back.predict(rows), new Predictor(net, prep).predict(rows));
    // a model saved without one has none: its classes are the output indices
    const mnist = predictorFromSafetensors(modelFileBytes(new TwoLayerNet(4, 3, 10)));
    assert.equal(mnist.preprocessing, null);
    assert.deepEqual(mnist.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.equal(mnist.predict(Tensor.zeros([2, 4])).length, 2);
    assertThrows(() => mnist.predict([{ a: 1 }]), ValueError, /no preprocessing .*pass the samples as a Tensor/);
  });

  it('answers image files as the training images were prepared', () => {
    const prep = Preprocessing.forImages({ height: 2, width: 2, channels: 1, classes: ['dark', 'light'] });
    const net = new Sequential({ inputShape: [1, 2, 2], layers: [{ type: 'Flatten' }, { type: 'Affine', units: 2 }] });
    // output 1 grows with brightness, output 0 falls
    net.setParams({ W1: Tensor.from([[-5, 5], [-5, 5], [-5, 5], [-5, 5]]), b1: Tensor.from([0, -10]) });
    const png = (v: number) => encode({ width: 4, height: 4, channels: 1, depth: 8, data: new Uint8Array(16).fill(v) });
    const answers = new Predictor(net, prep).predictImages([png(250), png(5)]) as ClassAnswer[];
    assert.deepEqual(answers.map((a) => a.class), ['light', 'dark']);
    assertThrows(() => new Predictor(net, prep).predictImages([new Uint8Array([1, 2, 3])], { names: ['junk.png'] }), FileFormatError, /junk\.png/);
    const { net: flats, prep: table } = flatsModel();
    assertThrows(() => new Predictor(flats, table).predictImages([png(1)]), ValueError, /trained on a table, not an image folder/);
  });

  it('refuses a preprocessing that does not fit the model, in code and in a file', () => {
    const { prep } = flatsModel();
    assertThrows(() => new Predictor(new TwoLayerNet(4, 3, 1, { loss: 'mean-squared-error' }), prep), ShapeError, /samples of shape \[3\], the model takes \[4\]/);
    assertThrows(() => new Predictor(new TwoLayerNet(3, 3, 2, { loss: 'mean-squared-error' }), prep), ShapeError, /needs 1 output, the model has 2/);
    assertThrows(() => new Predictor(new TwoLayerNet(3, 3, 1), prep), ValueError, /target is for regression, the model .* does classification/);
    // a file whose preprocessing was swapped for another's
    const bytes = modelFileBytes(new Predictor(new TwoLayerNet(3, 3, 1, { loss: 'mean-squared-error' }), prep));
    const { tensors, metadata } = decodeSafetensors(bytes);
    const other = Preprocessing.fitArrays(Tensor.zeros([2, 5]), Tensor.zeros([2, 1]));
    const swapped = encodeSafetensors(tensors, { ...metadata, 'scratchnet.preprocessing': JSON.stringify(other.toJSON()) });
    assertThrows(() => predictorFromSafetensors(swapped, 'swapped.safetensors'), FileFormatError, /swapped\.safetensors: the preprocessing does not fit the model: .*\[5\]/);
  });

  it('names the columns that differ from training', () => {
    const { net, prep } = flatsModel();
    assertThrows(() => new Predictor(net, prep).predict([{ area: 90, town: 'Lyon' }]), ValueError, /missing "city"/);
    assertThrows(() => new Predictor(net, prep).predict([{ area: 90, city: 'Lille' }]), ValueError, /the category "Lille" was never seen in training/);
    assertThrows(() => new Predictor(net, prep).evaluate([{ area: 90, city: 'Lyon' }]), ValueError, /the rows need the target column "price"/);
    assertThrows(() => new Predictor(net, prep).predict([{ id: 7, area: 90, city: 'Lyon' }]), ValueError, /not in training "id"/);
    assert.equal(new Predictor(net, prep).predict([{ id: 7, area: 90, city: 'Lyon' }], { extraColumns: 'ignore' }).length, 1);
    // the target column may be there, even empty: answers need only the inputs
    assert.deepEqual(new Predictor(net, prep).predict([{ area: 90, city: 'Lyon', price: '' }]), new Predictor(net, prep).predict([{ area: 90, city: 'Lyon' }]));
  });

  it('leaves the model and the rows unchanged', () => {
    const { net, prep } = flatsModel();
    const before = Array.from(net.params.W1!.data);
    const rows = [{ area: 90, city: 'Lyon' }];
    const copy = JSON.stringify(rows);
    new Predictor(net, prep).predict(rows);
    new Predictor(net, prep).evaluate([{ ...rows[0]!, price: 180 }]);
    assert.deepEqual(Array.from(net.params.W1!.data), before);
    assert.equal(JSON.stringify(rows), copy);
  });
});
