// The network of the book's chapter 3 (784-50-100-10, sigmoid): the weights of the book's
// sample_weight.pkl when --weights gives it, else a network trained here once and saved.
import { Adam, MultiLayerNet, train } from 'scratchnet';
import { seconds } from './example.mjs';
import { loadWeights, saveWeights, savedWeights } from './weights.mjs';

export function initNetwork(ex, data) {
  const network = new MultiLayerNet({ inputSize: 784, hiddenSizes: [50, 100], outputSize: 10, activation: 'sigmoid' });
  const file = ex.flags.weights ?? savedWeights(ex, 'sample_weight');
  if (file) {
    console.log(loadWeights(network, file));
    return network;
  }
  const t0 = performance.now();
  train(network, { train: data.train }, { optimizer: new Adam(0.001), epochs: 2, batchSize: 100, seed: 0, evalLimit: 1000 });
  console.log(`no --weights: the book's sample_weight.pkl ships with its code; trained the same 784-50-100-10 sigmoid network instead (2 epochs, Adam 0.001, ${seconds(t0)} s)`);
  saveWeights(ex, 'sample_weight', network, false, 'ch03 network trained for 2 epochs with Adam 0.001');
  return network;
}
