import type { Layer } from '../layers/layer.js';
import { Relu } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Tanh } from '../layers/tanh.js';
import type { Activation } from './init.js';

/** The activation layer for a name, and its name in the layer map (`Relu`, `Sigmoid`, `Tanh`). */
export function activationLayer(a: Activation): [string, Layer] {
  switch (a) {
    case 'relu':
      return ['Relu', new Relu()];
    case 'sigmoid':
      return ['Sigmoid', new Sigmoid()];
    case 'tanh':
      return ['Tanh', new Tanh()];
  }
}
