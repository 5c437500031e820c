// The book's ch03/relu.py: ReLU, max(0, x).
// Run: npm run example -- ch03/relu   → examples/out/book/ch03/relu.svg
import { Tensor, lineChartSvg } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { arange } from '../lib/numpy.mjs';

const ex = example(import.meta.url);
const x = Tensor.from(arange(-5.0, 5.0, 0.1), { dtype: 'float64' });
const y = x.relu();
const points = Array.from(x.data, (v, i) => [v, y.data[i]]);
ex.save('relu.svg', lineChartSvg([{ xLabel: 'x', yLabel: 'y', series: [{ name: 'ReLU', points }], yRange: [-1.0, 5.5] }], { title: 'ReLU' }));
