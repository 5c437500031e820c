import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DeepConvNet, FileFormatError, MultiLayerNet, ShapeError, SimpleConvNet, Tensor, TwoLayerNet, ValueError, parsePickle, setBookParams, type Model, type PickleValue } from '../../src/index.js';
import { assertClose, assertThrows } from '../helpers.js';
import { FIXTURES, fixture } from './pickle-mutations.js';

// make_pickle_fixtures.py computed each network's scores with numpy (its own convolution, pooling and
// layers) for three inputs; the converted model must give the same scores
type Layout = { shapes: Record<string, number[]>; dtype: string; scores: number[][] };
const LAYOUTS = JSON.parse(readFileSync(join(FIXTURES, 'book-layouts.json'), 'utf8')) as Record<string, Layout>;
const book = (name: string): PickleValue => parsePickle(new Uint8Array(gunzipSync(fixture(`${name}-layout.pkl.gz`))), `${name}.pkl`);

/** The inputs the fixture script used: sample n, value i = ((7i + 13n) mod 17) / 16. */
function inputs(shape: readonly number[]): Tensor {
  const data = new Float64Array(3 * 784);
  for (let n = 0; n < 3; n++) for (let i = 0; i < 784; i++) data[n * 784 + i] = ((i * 7 + n * 13) % 17) / 16;
  return new Tensor(data, [3, ...shape]);
}

const MODELS: Record<string, () => Model> = {
  sample_weight: () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [50, 100], outputSize: 10, activation: 'sigmoid', dtype: 'float64' }),
  params: () => new SimpleConvNet({ dtype: 'float64' }),
  deep_convnet_params: () => new DeepConvNet({ dtype: 'float64' }),
};

describe("the book's weight files on scratchnet's models", () => {
  for (const [name, make] of Object.entries(MODELS)) {
    it(`${name}.pkl: every name and shape maps onto the model, and its scores are numpy's`, () => {
      const model = make();
      const taken = setBookParams(model, book(name), `${name}.pkl`);
      assert.deepEqual(taken.map((p) => p.name), Object.keys(model.params));
      assert.deepEqual(Object.fromEntries(taken.map((p) => [p.name, [...p.shape]])), LAYOUTS[name]!.shapes);
      assert.ok(taken.every((p) => p.fileDtype === LAYOUTS[name]!.dtype && p.dtype === 'float64'));
      assertClose(model.predict(inputs(model.inputShape)), LAYOUTS[name]!.scores, { rtol: 1e-9, atol: 1e-12 }, name);
    });
  }

  it('casts to a float32 model and keeps the scores within float32 rounding', () => {
    const model = new SimpleConvNet();
    const taken = setBookParams(model, book('params'), 'params.pkl');
    assert.ok(taken.every((p) => p.fileDtype === 'float64' && p.dtype === 'float32'));
    assertClose(model.predict(inputs([1, 28, 28]).astype('float32')), LAYOUTS.params!.scores, { rtol: 1e-4, atol: 1e-5 });
  });

  it('takes a list of arrays in the model\'s parameter order', () => {
    const d = book('params') as ReadonlyMap<string, PickleValue>;
    const model = new SimpleConvNet({ dtype: 'float64' });
    setBookParams(model, ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'].map((k) => d.get(k)!), 'list.pkl');
    assertClose(model.predict(inputs([1, 28, 28])), LAYOUTS.params!.scores, { rtol: 1e-9, atol: 1e-12 });
    assertThrows(() => setBookParams(new SimpleConvNet(), [d.get('W1')!], 'list.pkl'), ValueError, /^list\.pkl: holds a list of 1 arrays; simple-conv \(30 filters 5×5, hidden 100\) has 6 \(W1, b1, W2, b2, W3, b3, in this order\)$/);
  });

  it('refuses shapes that do not fit, naming the parameter and both shapes', () => {
    assertThrows(() => setBookParams(new SimpleConvNet({ hiddenSize: 50 }), book('params'), 'params.pkl'), ShapeError,
      /^params\.pkl: 'W2' has shape \[4320, 100\] in the file, simple-conv \(30 filters 5×5, hidden 50\) expects \[4320, 50\]$/);
    assertThrows(() => setBookParams(new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 50], outputSize: 10 }), book('sample_weight'), 'sample_weight.pkl'), ShapeError,
      /'W1' has shape \[784, 50\] in the file, mlp 784-100-50-10 relu expects \[784, 100\]/);
  });

  it('refuses missing and extra names, and files that do not hold arrays', () => {
    assertThrows(() => setBookParams(new TwoLayerNet(784, 50, 10), book('sample_weight'), 's.pkl'), ValueError, /^s\.pkl: 'W3', 'b3' have no place in two-layer 784-50-10 relu \(its parameters are W1, b1, W2, b2\)$/);
    assertThrows(() => setBookParams(new DeepConvNet(), book('params'), 'p.pkl'), ValueError, /^p\.pkl: has no 'W4', 'b4', 'W5', 'b5', 'W6', 'b6', 'W7', 'b7', 'W8', 'b8', which deep-conv \(hidden 50, dropout 0\.5\) needs/);
    assertThrows(() => setBookParams(new TwoLayerNet(2, 2, 2), new Map([['W1', 3]]), 'n.pkl'), FileFormatError, /^n\.pkl: 'W1' is a number, not a numpy array$/);
    assertThrows(() => setBookParams(new TwoLayerNet(2, 2, 2), 'W1', 's.pkl'), FileFormatError, /^s\.pkl: holds a string; the book's weight files hold a dict of parameter names to numpy arrays/);
  });

  it('leaves the model unchanged when the file is refused', () => {
    const model = new SimpleConvNet({ hiddenSize: 50, seed: 3 });
    const before = Array.from(model.params.W1!.data);
    assert.throws(() => setBookParams(model, book('params'), 'params.pkl'));
    assert.deepEqual(Array.from(model.params.W1!.data), before);
  });
});
