import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Sequential, ShapeError, Tensor, Trainer, TwoLayerNet, ValueError, splitValidation, type Split } from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

/** 100 samples whose first feature is their index: 60 of class 0, 30 of class 1, 10 of class 2. */
function skewed(): Split {
  const labels = Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : i < 90 ? 1 : 2));
  const images = Tensor.zeros([100, 2]);
  for (let i = 0; i < 100; i++) images.data[i * 2] = i;
  return { images, labels };
}

const ids = (s: Split) => Array.from({ length: s.images.shape[0]! }, (_, i) => s.images.data[i * 2]!);
const count = (labels: ArrayLike<number>, c: number) => Array.from(labels).filter((l) => l === c).length;

describe('splitValidation', () => {
  it('holds back each class in proportion (stratified), in the data\'s order, without overlap', () => {
    const data = skewed();
    const { train, validation } = splitValidation(data, 0.2, 7, 'softmax-cross-entropy');
    const v = validation.labels as number[];
    assert.deepEqual([count(v, 0), count(v, 1), count(v, 2)], [12, 6, 2]);
    assert.deepEqual([0, 1, 2].map((c) => count(train.labels as number[], c)), [48, 24, 8]);
    const [a, b] = [ids(train), ids(validation)];
    assert.deepEqual([...a, ...b].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i), 'every sample once');
    assert.deepEqual(a, [...a].sort((x, y) => x - y), 'training samples keep their order');
    assert.deepEqual(b, [...b].sort((x, y) => x - y), 'validation samples keep their order');
    for (let i = 0; i < b.length; i++) assert.equal(v[i], (data.labels as number[])[b[i]!], 'each label stays with its sample');
  });

  it('is drawn from the seed: the same seed holds back the same samples, another seed others', () => {
    const data = skewed();
    const held = (seed: number) => ids(splitValidation(data, 0.2, seed, 'softmax-cross-entropy').validation);
    assert.deepEqual(held(3), held(3));
    assert.notDeepEqual(held(3), held(4));
  });

  it('stratifies one-hot rows and a yes/no column too; regression targets are held back at random, round(f·N) of them', () => {
    const data = skewed();
    const oneHot = Tensor.zeros([100, 3]);
    (data.labels as number[]).forEach((c, i) => (oneHot.data[i * 3 + c] = 1));
    const byRows = splitValidation({ images: data.images, labels: oneHot }, 0.2, 7, 'softmax-cross-entropy');
    assert.deepEqual(ids(byRows.validation), ids(splitValidation(data, 0.2, 7, 'softmax-cross-entropy').validation));
    const yes = Array.from({ length: 100 }, (_, i) => (i < 90 ? 0 : 1));
    const binary = splitValidation({ images: data.images, labels: yes }, 0.3, 1, 'sigmoid-cross-entropy');
    assert.equal(count(binary.validation.labels as number[], 1), 3);
    const numbers = splitValidation({ images: data.images, labels: Tensor.randn([100, 1], new Rng(1)) }, 0.25, 1, 'mean-squared-error');
    assert.deepEqual([numbers.train.images.shape[0], numbers.validation.images.shape[0], numbers.validation.labels instanceof Tensor], [75, 25, true]);
  });

  it('does not change its arguments', () => {
    const data = skewed();
    const before = [snapshot(data.images), [...(data.labels as number[])]];
    splitValidation(data, 0.5, 1, 'softmax-cross-entropy');
    assert.deepEqual([snapshot(data.images), [...(data.labels as number[])]], before);
  });

  it('refuses a fraction outside (0, 1), and one that leaves nothing to train on', () => {
    const data = skewed();
    for (const f of [0, 1, 1.5, -0.2, NaN, '0.2']) {
      assertThrows(() => splitValidation(data, f as number, 0, 'softmax-cross-entropy'), ValueError, /^train: validation must be a fraction between 0 and 1 \(e\.g\. 0\.2\) or data \{ images, labels \}, got /);
    }
    const one = { images: Tensor.zeros([1, 2]), labels: [0] };
    assertThrows(() => splitValidation(one, 0.2, 0, 'softmax-cross-entropy'), ValueError, /validation 0\.2 of 1 samples holds back 1 and leaves none to train on/);
  });
});

describe('training with validation data', () => {
  it('a fraction: the trainer trains on the rest and evaluates the held-back samples every epoch', () => {
    const data = skewed();
    const net = new TwoLayerNet(2, 4, 3, { seed: 1 });
    const trainer = new Trainer(net, { train: data }, { validation: 0.2, epochs: 2, batchSize: 40 });
    assert.equal(trainer.data.train.images.shape[0], 80);
    assert.equal(trainer.perEpoch, 2);
    while (!trainer.done) trainer.step();
    assert.equal(trainer.history.length, 2);
    for (const r of trainer.history) assert.deepEqual(Object.keys(r.validation!).sort(), ['accuracy', 'loss']);
  });

  it('explicit validation data is checked against the model like the other splits', () => {
    const data = skewed();
    const net = new Sequential({ inputShape: [2], layers: [{ type: 'Affine', units: 3 }] });
    const ok = new Trainer(net, { train: data }, { validation: { images: Tensor.zeros([5, 2]), labels: [0, 1, 2, 0, 1] }, iters: 1 });
    ok.step();
    assert.equal(ok.history[0]!.validation!.accuracy !== undefined, true);
    assertThrows(() => new Trainer(net, { train: data }, { validation: { images: Tensor.zeros([5, 3]), labels: [0, 1, 2, 0, 1] } }), ShapeError, /the validation images are \[3\] each/);
    assertThrows(() => new Trainer(net, { train: data }, { validation: { images: Tensor.zeros([5, 2]), labels: [0, 1] } }), ShapeError, /5 validation samples but 2 labels/);
  });
});
