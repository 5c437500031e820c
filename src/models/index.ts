export type { Model } from './model.js';
export { TwoLayerNet, type TwoLayerNetOptions } from './two-layer-net.js';
