// The book's ch03/sigmoid.py: the sigmoid 1 / (1 + exp(−x)), a smooth step.
// Run: npm run example -- ch03/sigmoid   → examples/out/book/ch03/sigmoid.svg
import { Tensor, lineChartSvg } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { arange } from '../lib/numpy.mjs';

const ex = example(import.meta.url);
const X = Tensor.from(arange(-5.0, 5.0, 0.1), { dtype: 'float64' });
const Y = X.sigmoid();
const points = Array.from(X.data, (x, i) => [x, Y.data[i]]);
ex.save('sigmoid.svg', lineChartSvg([{ xLabel: 'x', yLabel: 'y', series: [{ name: 'sigmoid', points }], yRange: [-0.1, 1.1] }], { title: 'Sigmoid' }));
