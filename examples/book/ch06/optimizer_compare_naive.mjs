// The book's ch06/optimizer_compare_naive.py: SGD (lr 0.95), Momentum (0.1), AdaGrad (1.5) and Adam
// (0.3) minimizing f(x, y) = x²/20 + y² from (−7, 2) for 30 steps, on the contour lines of f.
// Run: npm run example -- ch06/optimizer_compare_naive   → examples/out/book/ch06/optimizer_compare_naive.svg
import { AdaGrad, Adam, Momentum, SGD, Tensor } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { contourSegments, figureSvg } from '../lib/figure.mjs';
import { arange } from '../lib/numpy.mjs';

const ex = example(import.meta.url);

function f(x, y) {
  return x ** 2 / 20.0 + y ** 2;
}

function df(x, y) {
  return [x / 10.0, 2.0 * y];
}

const initPos = [-7.0, 2.0];
const scalar = (v) => Tensor.from([v], { dtype: 'float64' });
const optimizers = { SGD: new SGD(0.95), Momentum: new Momentum(0.1), AdaGrad: new AdaGrad(1.5), Adam: new Adam(0.3) };

// the contour lines of f, cut at 7 as the book does ("for simple contour line")
const xs = arange(-10, 10, 0.1);
const ys = arange(-5, 5, 0.1);
const Z = Array.from(ys).flatMap((y) => Array.from(xs, (x) => (f(x, y) > 7 ? 0 : f(x, y))));
const contours = contourSegments(Array.from(xs), Array.from(ys), Z, [0.25, 1, 2, 3, 4, 5, 6, 6.99]);

const panels = [];
for (const [key, optimizer] of Object.entries(optimizers)) {
  const params = { x: scalar(initPos[0]), y: scalar(initPos[1]) };
  const history = [];
  for (let i = 0; i < 30; i++) {
    history.push([params.x.item(), params.y.item()]);
    const [gx, gy] = df(params.x.item(), params.y.item());
    optimizer.update(params, { x: scalar(gx), y: scalar(gy) });
  }
  console.log(`${key.padEnd(8)} after 30 steps: (${params.x.item().toFixed(4)}, ${params.y.item().toFixed(4)}), f = ${f(params.x.item(), params.y.item()).toExponential(2)}`);
  panels.push({ title: key, x: [-10, 10], y: [-10, 10], xLabel: 'x', yLabel: 'y', segments: contours, marks: [[0, 0]], lines: [{ points: history, color: '#d62728', markers: true }] });
}
ex.save('optimizer_compare_naive.svg', figureSvg(panels, { cols: 2, size: [300, 300], title: 'f(x, y) = x²/20 + y²: 30 steps of each optimizer from (−7, 2)' }));
