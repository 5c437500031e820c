import { fixture } from '../helpers.js';

/** test/fixtures/metrics.json, made by make_metric_fixtures.py with numpy. */
export const ref = fixture<{
  classification: { predicted: number[]; actual: number[]; classes: number; accuracy: number; confusion: number[][]; precision: number[]; recall: number[]; f1: number[]; support: number[] };
  regression: { y: number[][]; t: number[][]; mse: number; mae: number; r2: number };
  regression_flat: { y: number[][]; t: number[][]; r2: number };
}>('metrics.json');
