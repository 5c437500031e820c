// The book's ch04/gradient_2d.py: the gradient of f(x0, x1) = x0² + x1² at every point of a grid,
// drawn as arrows pointing downhill (−∇f), all towards the minimum at the origin.
// Run: npm run example -- ch04/gradient_2d   → examples/out/book/ch04/gradient_2d.svg
import { Tensor, numericalGradient } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { figureSvg } from '../lib/figure.mjs';
import { arange, arrayStr } from '../lib/numpy.mjs';

const ex = example(import.meta.url);

/** f(x) = Σ x²: the book's function_2. */
function function2(x) {
  return x.square().sum().item();
}

/** The gradient of each row of X, one row at a time, as the book's numerical_gradient does for a batch. */
function numericalGradientRows(f, X) {
  const [rows, cols] = X.shape;
  const grad = Tensor.zeros(X.shape, { dtype: 'float64' });
  for (let r = 0; r < rows; r++) {
    const row = new Tensor(X.data.subarray(r * cols, (r + 1) * cols), [cols]); // a view: nudges reach X
    grad.data.set(numericalGradient(() => f(row), row).data, r * cols);
  }
  return grad;
}

const x0 = arange(-2, 2.5, 0.25);
const x1 = arange(-2, 2.5, 0.25);
const X = Array.from(x1, () => Array.from(x0)).flat(); // np.meshgrid(x0, x1), flattened
const Y = Array.from(x1, (v) => x0.map(() => v)).flatMap((r) => Array.from(r));
const grad = numericalGradientRows(function2, Tensor.from([X, Y], { dtype: 'float64' }));
const n = X.length;
// matplotlib's quiver scales arrows to the grid; here each −∇f is drawn at 1/12 of its length
const arrows = X.map((x, i) => ({ x, y: Y[i], dx: -grad.data[i] / 12, dy: -grad.data[n + i] / 12 }));
console.log(`the gradient at (3, 4) is ${arrayStr(numericalGradientRows(function2, Tensor.from([[3, 4]], { dtype: 'float64' })).data, [2])} (the book's text: [6. 8.])`);
ex.save('gradient_2d.svg', figureSvg([{ x: [-2, 2], y: [-2, 2], xLabel: 'x0', yLabel: 'x1', arrows }], { size: [420, 420], title: 'The gradient of x0² + x1², pointing downhill' }));
