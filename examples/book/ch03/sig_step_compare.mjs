// The book's ch03/sig_step_compare.py: the sigmoid (solid) and the step function (dashed) together.
// Run: npm run example -- ch03/sig_step_compare   → examples/out/book/ch03/sig_step_compare.svg
import { Tensor, lineChartSvg } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { arange } from '../lib/numpy.mjs';

const ex = example(import.meta.url);
const x = Tensor.from(arange(-5.0, 5.0, 0.1), { dtype: 'float64' });
const y1 = x.sigmoid();
const y2 = x.greater(0);
const series = [
  { name: 'sigmoid', points: Array.from(x.data, (v, i) => [v, y1.data[i]]) },
  { name: 'step', points: Array.from(x.data, (v, i) => [v, y2.data[i]]), dash: '6 4' },
];
ex.save('sig_step_compare.svg', lineChartSvg([{ xLabel: 'x', yLabel: 'y', series, yRange: [-0.1, 1.1], legend: 'bottom' }], { title: 'Sigmoid and step function' }));
