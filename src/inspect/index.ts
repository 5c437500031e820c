export { histogram, type Histogram } from './histogram.js';
export { layerOutputs, activationHistograms, type LayerOutput, type ActivationHistogram } from './activations.js';
export { firstLayerWeights, type WeightTiles } from './first-layer-weights.js';
export { inspectModel, type Inspection, type InspectOptions, type Misclassified } from './inspect-model.js';
