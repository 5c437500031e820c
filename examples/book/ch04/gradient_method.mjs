// The book's ch04/gradient_method.py: gradient descent on f(x0, x1) = x0² + x1² from (−3, 4) with
// learning rate 0.1 for 20 steps: each step moves against the gradient, towards (0, 0).
// Run: npm run example -- ch04/gradient_method   → examples/out/book/ch04/gradient_method.svg
import { Tensor, numericalGradient } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { figureSvg } from '../lib/figure.mjs';
import { arrayStr } from '../lib/numpy.mjs';

const ex = example(import.meta.url);

function gradientDescent(f, initX, lr = 0.01, stepNum = 100) {
  const x = initX;
  const xHistory = [];
  for (let i = 0; i < stepNum; i++) {
    xHistory.push(Array.from(x.data));
    const grad = numericalGradient(f, x);
    x.assign(x.sub(grad.mul(lr))); // x −= lr · ∇f(x)
  }
  return [x, xHistory];
}

function function2(x) {
  return x.data[0] ** 2 + x.data[1] ** 2;
}

const initX = Tensor.from([-3.0, 4.0], { dtype: 'float64' });
const lr = 0.1;
const stepNum = 20;
const [x, xHistory] = gradientDescent(function2, initX, lr, stepNum);
console.log(`after ${stepNum} steps x = ${arrayStr(x.data, [2])} (the book's text, after 100 steps: [-6.1e-10  8.1e-10])`);
ex.save('gradient_method.svg', figureSvg([{
  x: [-3.5, 3.5], y: [-4.5, 4.5], xLabel: 'X0', yLabel: 'X1',
  lines: [
    { points: [[-5, 0], [5, 0]], color: '#1f77b4', dash: '6 4' },
    { points: [[0, -5], [0, 5]], color: '#1f77b4', dash: '6 4' },
    { points: xHistory, color: '#1f77b4', line: false, markers: true },
  ],
}], { size: [360, 460], title: 'Gradient descent on x0² + x1², lr 0.1, 20 steps' }));
