// The book's ch03/step_function.py: the step function, 1 where x > 0 and 0 elsewhere.
// Run: npm run example -- ch03/step_function   → examples/out/book/ch03/step_function.svg
import { Tensor, lineChartSvg } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { arange } from '../lib/numpy.mjs';

const ex = example(import.meta.url);
const X = Tensor.from(arange(-5.0, 5.0, 0.1), { dtype: 'float64' });
const Y = X.greater(0);
const points = Array.from(X.data, (x, i) => [x, Y.data[i]]);
ex.save('step_function.svg', lineChartSvg([{ xLabel: 'x', yLabel: 'y', series: [{ name: 'step', points }], yRange: [-0.1, 1.1] }], { title: 'Step function' }));
