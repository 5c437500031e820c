import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShapeError, SimpleConvNet, TwoLayerNet, firstLayerWeights } from '../../src/index.js';
import { assertThrows } from '../helpers.js';
import { ref, refNet } from './fixture.js';

describe('firstLayerWeights', () => {
  it("an Affine's columns as square tiles (numpy's W1.T.reshape)", () => {
    const tiles = firstLayerWeights(refNet('relu'));
    assert.deepEqual([tiles.layer, tiles.param, tiles.count, tiles.channels, tiles.height, tiles.width], ['Affine1', 'W1', 6, 1, 4, 4]);
    assert.deepEqual([...tiles.data], ref.net.tiles.flat(2).map((v) => Math.fround(v)));
  });

  it("a Convolution's filters as they are, as in the book's figure 7-24", () => {
    const net = new SimpleConvNet({ filterNum: 5, filterSize: 3, hiddenSize: 4, seed: 3 });
    const W1 = [...net.params.W1!.data];
    const tiles = firstLayerWeights(net);
    assert.deepEqual([tiles.layer, tiles.param, tiles.count, tiles.channels, tiles.height, tiles.width], ['Conv1', 'W1', 5, 1, 3, 3]);
    assert.deepEqual([...tiles.data], W1);
    tiles.data[0] = 99;
    assert.deepEqual([...net.params.W1!.data], W1, 'a copy: the model is not changed through it');
  });

  it('inputs that are not square images are refused with the reason', () => {
    assertThrows(() => firstLayerWeights(new TwoLayerNet(13, 4, 2)), ShapeError, /^firstLayerWeights: Affine1 takes 13 inputs, not an image; weights show as images when the inputs are one \(28×28 = 784 for MNIST\)$/);
  });
});
