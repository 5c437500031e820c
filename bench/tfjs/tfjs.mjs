// TensorFlow.js (4.22) on the same workloads, cpu or wasm backend.
// Usage: node bench/tfjs/tfjs.mjs cpu|wasm W1|W2|W3|W4 [--quick] (bench/run.mjs installs this folder's package first)
// The training loop is the low-level tf.variableGrads + optimizer, the fastest TF.js path measured here.
import * as tf from '@tensorflow/tfjs'; // the union package registers the gradients training needs
import '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '../../dist/src/index.js'; // this folder is a package of its own, so not 'scratchnet'
import { median, report, timeIterations } from '../peers/common.mjs';

const [backend, workload, flag] = process.argv.slice(2);
const quick = flag === '--quick';
await tf.setBackend(backend);
await tf.ready();
const peer = { peer: `TensorFlow.js ${backend}`, version: tf.version_core, threads: 1 };

const dense = (inp, out, std) => ({ W: tf.variable(tf.randomNormal([inp, out], 0, std ?? Math.sqrt(2 / inp))), b: tf.variable(tf.zeros([out])) });
const mlpForward = (layers, x) => layers.reduce((h, l, i) => { const z = tf.add(tf.matMul(h, l.W), l.b); return i < layers.length - 1 ? tf.relu(z) : z; }, x);

function stepFn(forward, optimizer, x, t) {
  return () => tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(t, forward(x)));
    optimizer.applyGradients(grads);
  });
}

function accuracy(forward, images, labels) {
  let ok = 0;
  const n = images.shape[0];
  for (let i = 0; i < n; i += 1000) {
    const m = Math.min(1000, n - i);
    ok += tf.tidy(() => tf.sum(tf.equal(tf.argMax(forward(tf.tensor2d(images.data.subarray(i * 784, (i + m) * 784), [m, 784])), 1), tf.tensor1d(labels.subarray(i, i + m), 'int32'))).dataSync()[0]);
  }
  return ok / n;
}

if (workload === 'W1') {
  const data = loadMnist();
  const layers = [dense(784, 50, 0.01), dense(50, 10, 0.01)];
  const forward = (x) => mlpForward(layers, x);
  const opt = tf.train.sgd(0.1);
  const iters = quick ? 1000 : 10000;
  const steps = [];
  const t0 = performance.now();
  let acc = 0;
  for (let i = 0; i < iters; i++) {
    const s = performance.now();
    const idx = Array.from({ length: 100 }, () => Math.floor(Math.random() * 60000));
    const xb = new Float32Array(100 * 784);
    idx.forEach((r, j) => xb.set(data.train.images.data.subarray(r * 784, (r + 1) * 784), j * 784));
    const x = tf.tensor2d(xb, [100, 784]);
    const t = tf.oneHot(tf.tensor1d(idx.map((r) => data.train.labels[r]), 'int32'), 10);
    stepFn(forward, opt, x, t)();
    tf.dispose([x, t]);
    steps.push(performance.now() - s);
    if ((i + 1) % 600 === 0 || i + 1 === iters) {
      accuracy(forward, data.train.images, data.train.labels);
      acc = accuracy(forward, data.test.images, data.test.labels);
    }
  }
  report({ ...peer, workload, metric: 'whole run', value: (performance.now() - t0) / 1000, unit: 's', testAcc: acc });
  report({ ...peer, workload, metric: 'training iteration', value: median(steps), unit: 'ms' });
} else if (workload === 'W3' || workload === 'W2') {
  const conv = workload === 'W2';
  const data = loadMnist({ trainLimit: 100, testLimit: 1 }).train;
  const t = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 10);
  const opt = tf.train.adam(0.001);
  let forward;
  let x;
  if (conv) {
    x = tf.tensor4d(data.images.data, [100, 28, 28, 1]); // TF.js convolutions are NHWC
    const k = tf.variable(tf.randomNormal([5, 5, 1, 30], 0, 0.01));
    const kb = tf.variable(tf.zeros([30]));
    const fc = [dense(4320, 100, 0.01), dense(100, 10, 0.01)];
    forward = (inp) => mlpForward(fc, tf.reshape(tf.maxPool(tf.relu(tf.add(tf.conv2d(inp, k, 1, 'valid'), kb)), 2, 2, 'valid'), [-1, 4320]));
  } else {
    x = tf.tensor2d(data.images.data, [100, 784]);
    const layers = [dense(784, 100), dense(100, 100), dense(100, 100), dense(100, 100), dense(100, 10)];
    forward = (inp) => mlpForward(layers, inp);
  }
  try {
    const ms = timeIterations(stepFn(forward, opt, x, t), conv ? (quick ? 2 : 5) : quick ? 20 : 100, 2);
    report({ ...peer, workload, metric: 'training iteration', value: ms, unit: 'ms' });
  } catch (e) {
    report({ ...peer, workload, metric: 'training iteration', value: null, unit: 'ms', error: e.message.split('\n')[0] });
  }
} else if (workload === 'W4') {
  for (const [name, m, k, n, ta, tb] of [
    ['X·W 100×784·784×50', 100, 784, 50, false, false], ['Xᵀ·dY 784×100·100×50', 784, 100, 50, true, false],
    ['dY·Wᵀ 100×50·50×784', 100, 50, 784, false, true], ['im2col 57600×25·25×30', 57600, 25, 30, false, false], ['1024²', 1024, 1024, 1024, false, false],
  ]) {
    const a = tf.randomNormal(ta ? [k, m] : [m, k]);
    const b = tf.randomNormal(tb ? [n, k] : [k, n]);
    const ms = timeIterations(() => tf.tidy(() => tf.matMul(a, b, ta, tb).dataSync()), quick ? 3 : (m * n * k > 1e8 ? 5 : 30), 2);
    report({ ...peer, workload, metric: name, value: (2 * m * n * k) / ms / 1e6, unit: 'GFLOPS' });
  }
}
