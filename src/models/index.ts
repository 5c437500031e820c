export type { Model } from './model.js';
export { LayeredModel } from './layered-model.js';
export { TwoLayerNet, type TwoLayerNetOptions } from './two-layer-net.js';
export { MultiLayerNet, MultiLayerNetExtend, type MultiLayerNetOptions, type MultiLayerNetExtendOptions } from './multi-layer-net.js';
export { SimpleConvNet, type SimpleConvNetOptions } from './simple-conv-net.js';
export { DeepConvNet, type DeepConvNetOptions } from './deep-conv-net.js';
export { Sequential, type LayerSpec, type SequentialSpec } from './sequential.js';
export { initStd, parseWeightInit, ACTIVATIONS, type WeightInit, type Activation } from './init.js';
export { modelFromConfig, MODEL_NAMES, type ModelName } from './registry.js';
