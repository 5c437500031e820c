export { accuracy } from './accuracy.js';
export { classDecisions, type ClassDecisions } from './classes.js';
export { confusionMatrix } from './confusion-matrix.js';
export { precisionRecall, type PrecisionRecall } from './precision-recall.js';
export { meanSquaredError, meanAbsoluteError, r2Score } from './regression.js';
export { evaluate, type Evaluation, type ClassificationEvaluation, type RegressionEvaluation, type ClassReport, type EvaluateOptions, type LabelledData } from './evaluate.js';
export { METRIC_NAMES, higherIsBetter, checkMetrics, pickScores, type MetricName, type Scores } from './metric-names.js';
