/**
 * The part of scratchnet that runs anywhere JavaScript runs (Node and browsers):
 * no file system, no process. `src/index.ts` (Node) re-exports all of it and
 * adds file I/O, MNIST loading, checkpoints and the CLI's helpers; `src/browser.ts`
 * (what bundlers pick through the package's "browser" export) adds the browser's own.
 */
export { Tensor, allclose, DTYPES, type DType, type TensorDType, type DataOf, type NestedArray, type CloseOptions, type DTypeOption, type FromOptions, type IdsFromOptions } from './tensor/index.js';
export { Rng, type RngState } from './random/index.js';
export { useFastestBackend } from './backend/auto.js';
export { loadWasmKernels, type WasmLoadOptions } from './backend/wasm/index.js';
export { setBackend, getBackend, referenceKernels, type Kernels, type ConvGeometry, type FloatArray, type BinaryOp, type UnaryOp, type ReduceOp, type StateArray, type StateBuffer } from './backend/index.js';
export { MulLayer, AddLayer, Exp, Reciprocal, type Value } from './graph/index.js';
export {
  Relu, Sigmoid, Affine, Softmax, SoftmaxWithLoss, IdentityWithLoss, SigmoidWithLoss, Tanh, Flatten, Dropout, BatchNormalization, BN_EPSILON, Convolution, Pooling, im2col, col2im,
  softmax, logSoftmax, crossEntropyError, type Layer, type ForwardOptions, type TensorRecord, type LabelInput, type Target,
} from './layers/index.js';
export { numericalGradient, gradientCheck, gradientCheckLayer, type GradientCheckOptions, type GradientCheckResult, type GradientMismatch } from './gradcheck/index.js';
export * from './models/index.js';
export { ScratchnetError, ShapeError, DTypeError, ValueError, NonFiniteError, FileFormatError, NoDigitError } from './errors/index.js';
export {
  SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, OptimizerBase, makeOptimizer, OPTIMIZER_NAMES, DEFAULT_LR,
  type Optimizer, type OptimizerState, type OptimizerName,
} from './optimizers/index.js';
export { parseIdx, encodeIdx, IDX_MAX_ELEMENTS, type IdxArray } from './data/idx.js';
export { BatchSampler, takeRows, takeLabels, type LabelList, type Sampling, type SamplerState } from './data/batches.js';
export { toMnistInput, type DigitImageOptions } from './data/preprocess.js';
export { digitPhoto, jpegLoss, PHOTO_KINDS, PHOTO_KIND_NOTES, type PhotoKind } from './data/digit-photos.js';
export { decodeImageGray, decodeImageRgb, sniffImage, IMAGE_MAX_PIXELS, type GrayImage, type RgbImage, type ImageReadOptions, type ImageDecodeOptions, type ImageKind } from './formats/image/index.js';
export {
  accuracy, classDecisions, confusionMatrix, precisionRecall, meanSquaredError, meanAbsoluteError, r2Score, evaluate, METRIC_NAMES, higherIsBetter, checkMetrics, pickScores,
  type ClassDecisions, type PrecisionRecall, type Evaluation, type ClassificationEvaluation, type RegressionEvaluation, type ClassReport, type EvaluateOptions, type LabelledData, type MetricName, type Scores,
} from './metrics/index.js';
export { train, Trainer, type TrainerState, type TrainData, type TrainOptions, type TrainResult, type EpochRecord, type EpochControl, type StopReason, type Split } from './train/trainer.js';
export { splitValidation } from './train/validation-split.js';
export type { EarlyStoppingOptions, EarlyStoppingState } from './train/early-stopping.js';
export type { Schedule, ScheduleSpec, ScheduleState } from './train/schedule.js';
export { TrainingDivergedError, locateNonFinite } from './train/nan-guard.js';
export { encodeCheckpoint, decodeCheckpoint, newRunId, describeRun, type Checkpoint, type RunConfig } from './train/checkpoint.js';
export { encodeSafetensors, decodeSafetensors, MAX_HEADER_BYTES, type SafetensorsContent } from './formats/safetensors.js';
export { trainingPlotSvg, lineChartSvg, bucketMeans, niceTicks, type PlotInput, type Chart, type Series } from './plot/svg.js';
export { scatterSvg, type ScatterInput, type ScatterPoint, type Regions } from './plot/scatter.js';
export { exportOnnx } from './formats/onnx-export.js';
export { exportPytorch, type PytorchExportOptions } from './formats/pytorch-export.js';
export { parsePickle, PICKLE_MAX_DEPTH, type PickleValue, type PickledArray, type PickleDType } from './formats/pickle.js';
export { setBookParams, type BookParam } from './formats/book-weights.js';
export { modelFromSafetensors, modelFromContent, MODEL_CONFIG_KEY, modelFileBytes, type ModelWithPreprocessing } from './formats/model-bytes.js';
export { Predictor, predictorFromSafetensors, type Answer, type ClassAnswer, type ValueAnswer, type ClassChance, type PredictOptions } from './models/predictor.js';
export { SigmoidGraph, type SigmoidGraphStep } from './graph/sigmoid-graph.js';
export { parseNpy, encodeNpy, NPY_MAX_HEADER_BYTES, NPY_MAX_ELEMENTS, type NpyArray, type NpyDType } from './formats/npy.js';
export { parseNpz, encodeNpz, NPZ_MAX_ARRAY_BYTES, type NpzOptions } from './formats/npz.js';
export { arrayData, type ArrayData, type ArrayDataOptions } from './data/arrays.js';
export { parseCsv, CSV_MAX_CHARS, type CsvOptions } from './data/csv.js';
export { tableFromRecords, takeTableRows, dropMissingRows, isMissing, parseNumber, MISSING_VALUES, type Table } from './data/table.js';
export { csvData, tableData, type TableData, type TableDataOptions } from './data/table-data.js';
export { Preprocessing, type ArrayFitOptions, type PreprocessingInput } from './data/preprocessing/preprocessing.js';
export { AUTO_MAX_CLASSES, type TableFitOptions } from './data/preprocessing/table-fit.js';
export { type TransformOptions, type Transformed } from './data/preprocessing/table-transform.js';
export {
  PREPROCESSING_FORMAT, checkPreprocessingJson, type PreprocessingJson, type InputSpec, type TableInputSpec, type ArrayInputSpec, type ImageInputSpec,
  type FeatureSpec, type NumberFeature, type CategoryFeature, type TargetSpec, type ClassTarget, type NumberTarget,
} from './data/preprocessing/spec.js';
export { resizeArea } from './data/resize.js';
export { imageFolderFrom, imageInput, isIgnoredName, IMAGE_FOLDER_MAX_ELEMENTS, IGNORED_FILE_NAMES, type ImageSizeOptions, type ImageFolderOptions, type ClassFolder, type ImageFolderData } from './data/image-folder.js';
export { PREPROCESSING_METADATA_KEY, preprocessingMetadata, preprocessingFromMetadata } from './data/preprocessing/metadata.js';
export * from './inspect/index.js';
export * from './sequences.js';
