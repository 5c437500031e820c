// The book's ch04/gradient_1d.py: the numerical derivative of f(x) = 0.01x² + 0.1x at x = 5 by
// central difference (h = 1e−4), and the tangent line it gives.
// Run: npm run example -- ch04/gradient_1d   → examples/out/book/ch04/gradient_1d.svg
import { Tensor, lineChartSvg, numericalGradient } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { arange, pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url);

function function1(x) {
  return 0.01 * x ** 2 + 0.1 * x;
}

function tangentLine(f, x) {
  const at = Tensor.from([x], { dtype: 'float64' });
  const d = numericalGradient((t) => f(t.data[0]), at).data[0]; // (f(x + h) − f(x − h)) / 2h
  console.log(pyFloat(d));
  const y = f(x) - d * x;
  return (t) => d * t + y;
}

const x = arange(0.0, 20.0, 0.1);
const tf = tangentLine(function1, 5);
ex.save('gradient_1d.svg', lineChartSvg([{
  xLabel: 'x', yLabel: 'f(x)',
  series: [{ name: 'f(x)', points: Array.from(x, (v) => [v, function1(v)]) }, { name: 'tangent at x = 5', points: Array.from(x, (v) => [v, tf(v)]) }],
}], { title: 'f(x) = 0.01x² + 0.1x and its tangent at x = 5' }));
