import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { encode } from 'fast-png';
import { Tensor, loadMnist, loadModel } from '../../src/index.js';
import { ROOT } from '../helpers.js';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'scratchnet.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An MNIST test digit drawn dark-on-light at 3× size, as a person's scan would be. */
function writeDigitPng(path: string, pixels: ArrayLike<number>): void {
  const s = 3;
  const png = { width: 28 * s, height: 28 * s, channels: 4, depth: 8 as const, data: new Uint8Array(4 * 28 * s * 28 * s) };
  for (let y = 0; y < 28 * s; y++)
    for (let x = 0; x < 28 * s; x++) {
      const v = 255 - Math.round(pixels[Math.floor(y / s) * 28 + Math.floor(x / s)]! * 255);
      const o = 4 * (y * 28 * s + x);
      png.data[o] = png.data[o + 1] = png.data[o + 2] = v;
      png.data[o + 3] = 255;
    }
  writeFileSync(path, encode(png));
}

describe('scratchnet CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const model = join(dir, 'm.safetensors');
  let trained: ReturnType<typeof run>;

  before(() => {
    trained = run('train', '--iters', '300', '--train-limit', '5000', '--test-limit', '1000', '--seed', '1', '--json', '--out', model, '--plot', join(dir, 'curves.svg'));
  });

  it('trains on a subset of real MNIST well above chance, keeping the --json contract', () => {
    assert.equal(trained.code, 0, trained.stderr);
    const lines = trained.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const epochs = lines.slice(0, -1);
    assert.equal(epochs.length, 6, '5000/100 = 50 iterations per epoch: 6 evaluations in 300 iterations');
    for (const e of epochs) assert.deepEqual(Object.keys(e), ['epoch', 'iter', 'loss', 'trainAcc', 'testAcc', 'seconds']);
    const summary = lines[lines.length - 1]!;
    assert.deepEqual(Object.keys(summary), ['model', 'iters', 'epochs', 'trainAcc', 'testAcc', 'loss', 'seconds']);
    assert.equal(summary.model, 'two-layer');
    assert.equal(summary.iters, 300);
    assert.ok((summary.testAcc as number) > 0.8, `test accuracy ${summary.testAcc}`);
    assert.ok(existsSync(model) && existsSync(join(dir, 'curves.svg')));
  });

  it('eval prints the saved model\'s test accuracy', () => {
    const r = run('eval', '--model', model, '--test-limit', '1000', '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { testAcc: number; images: number; task: string; n: number; accuracy: number; confusion: number[][]; classes: { class: string }[] };
    const summary = JSON.parse(trained.stdout.trim().split('\n').pop()!) as { testAcc: number };
    assert.equal(out.images, 1000);
    assert.equal(out.testAcc, summary.testAcc);
    // and the figures every model's eval gives: the task, per-class figures and the confusion matrix
    assert.equal(out.task, 'classification');
    assert.equal(out.accuracy, out.testAcc);
    assert.equal(out.confusion.flat().reduce((a, b) => a + b, 0), 1000);
    assert.deepEqual(out.classes.map((c) => c.class), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const human = run('eval', '--model', model, '--test-limit', '1000').stdout;
    assert.match(human, /test accuracy 0\.\d{4} on 1000 images/);
    assert.match(human, /^confusion matrix \(rows: the true class, columns: the class predicted\)\n\s+0\s+1\s+2\s+3\s+4\s+5\s+6\s+7\s+8\s+9\n0\s+\d+/m);
    // the command line runs on the fast kernels (native where built, else WebAssembly), not the TypeScript reference
    assert.match(run('train', '--iters', '1', '--train-limit', '100', '--test-limit', '10', '--out', join(dir, 'k.safetensors')).stdout, /kernels: (native-(avx512|avx2|portable)|wasm-(relaxed-)?simd)/);
  });

  it('predict reads PNGs of any size, dark on light, and names the digits', () => {
    const { test } = loadMnist({ trainLimit: 1, testLimit: 40 });
    const net = loadModel(model);
    const labels = test.labels as Int32Array;
    // digits the model gets right from the raw MNIST input; the PNG route must mostly agree
    const picked: { file: string; label: number }[] = [];
    for (let i = 0; i < 40 && picked.length < 10; i++) {
      const x = new Tensor(test.images.data.slice(i * 784, (i + 1) * 784), [1, 784]);
      if (net.predict(x).argmax(1)[0] !== labels[i]) continue;
      const file = join(dir, `digit${i}.png`);
      writeDigitPng(file, x.data);
      picked.push({ file, label: labels[i]! });
    }
    const r = run('predict', '--model', model, '--json', ...picked.map((p) => p.file));
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; top: { digit: number; p: number }[] });
    assert.equal(rows.length, picked.length);
    let agree = 0;
    rows.forEach((row, i) => {
      assert.equal(row.file, picked[i]!.file);
      assert.equal(row.top.length, 3);
      assert.ok(row.top[0]!.p >= row.top[1]!.p && row.top[1]!.p >= row.top[2]!.p);
      if (row.top[0]!.digit === picked[i]!.label) agree++;
    });
    assert.ok(agree >= 8, `only ${agree} of ${picked.length} PNG digits read as their label`);
    assert.match(run('predict', '--model', model, picked[0]!.file).stdout, /digit\d+\.png: \d \(0\.\d{3}\), \d \(0\.\d{3}\), \d \(0\.\d{3}\)/);
  });

  it('answers user errors with one line and exit code 1, writing nothing', () => {
    const errDir = mkdtempSync(join(tmpdir(), 'cli-err-'));
    writeFileSync(join(errDir, 'corrupt.safetensors'), 'garbage!garbage!');
    const cases: [string[], RegExp][] = [
      [['train', '--bogus'], /^error: unknown flag '--bogus' for 'train'/],
      [['train', '--model', 'resnet'], /^error: unknown model 'resnet' \(use two-layer, mlp, mlp-extend, simple-conv, deep-conv, or a Sequential spec FILE\.json\)/],
      [['train', '--model', 'mlp', '--batch-norm'], /^error: --batch-norm works with --model mlp-extend, not mlp/],
      [['train', '--optimizer', 'lbfgs'], /^error: --optimizer must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam, got 'lbfgs'/],
      [['train', '--model', 'mlp-extend', '--dropout', '1'], /^error: --dropout must be a number in \[0, 1\), got '1'/],
      [['train', '--model', 'mlp', '--init', 'lecun'], /^error: --init: unknown weight init 'lecun'/],
      [['train', '--model', 'mlp', '--hidden', '100,x'], /^error: --hidden must be positive whole numbers separated by commas/],
      [['train', '--model', join(errDir, 'corrupt.safetensors').replace('.safetensors', '.json')], /^error: --model .*corrupt\.json: no such file/],
      [['train', '--lr', '-0.1'], /^error: --lr must be > 0, got -0\.1/],
      [['train', '--batch-size', '0'], /^error: --batch-size must be at least 1, got 0/],
      [['train', '--batch-size', '101', '--train-limit', '100', '--out', join(errDir, 'x.safetensors')], /^error: --batch-size 101 is larger than the 100 training images/],
      [['train', '--iters', '10', '--epochs', '1'], /^error: give --iters or --epochs, not both/],
      [['train', '--data', join(errDir, 'nowhere')], /^error: --data .*nowhere: no such file or folder/],
      [['train', '--out', join(errDir, 'no', 'm.safetensors')], /^error: --out .*: the folder .* does not exist/],
      [['eval', '--model', join(errDir, 'missing.safetensors')], /^error: .*missing\.safetensors: cannot read \(ENOENT\)/],
      [['eval', '--model', join(errDir, 'corrupt.safetensors')], /^error: .*corrupt\.safetensors: not a valid safetensors file/],
      [['eval'], /^error: eval needs --model FILE/],
      [['predict', '--model', model, join(errDir, 'corrupt.safetensors')], /^error: .*corrupt\.safetensors: not a readable PNG/],
      [['frobnicate'], /^error: unknown command 'frobnicate'/],
    ];
    for (const [args, pattern] of cases) {
      const r = run(...args);
      assert.equal(r.code, 1, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    assert.deepEqual(readdirSync(errDir), ['corrupt.safetensors'], 'nothing written on failure');
    const debug = run('eval', '--model', join(errDir, 'missing.safetensors'), '--debug');
    assert.match(debug.stderr, /\n\s+at /, '--debug shows the stack');
  });

  it('stops a diverging run by default, naming the iteration and layer, and keeps the last good checkpoint', () => {
    const work = mkdtempSync(join(tmpdir(), 'cli-nan-'));
    const ckpt = join(work, 'ckpt');
    const out = join(work, 'never.safetensors');
    const r = run('train', '--lr', '1e30', '--iters', '50', '--train-limit', '500', '--test-limit', '100', '--checkpoint-dir', ckpt, '--checkpoint-every', '1', '--out', out, '--quiet');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^error: training stopped at iteration \d+: .* the first non-finite value appeared in .*(Affine|Relu)\d.*Hint: lower the learning rate \(now 1e\+30\).*The last good checkpoint is .*ckpt-[0-9a-f]{8}-\d{9}\.safetensors\. No model was saved .*\n$/);
    assert.ok(!existsSync(out), 'no model written for a diverged run');
    const unguarded = run('train', '--lr', '1e30', '--iters', '20', '--train-limit', '500', '--test-limit', '100', '--no-nan-guard', '--out', out, '--quiet');
    assert.equal(unguarded.code, 0, unguarded.stderr);
  });

  it('has --help on every command', () => {
    for (const cmd of ['train', 'eval', 'predict']) {
      const r = run(cmd, '--help');
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: scratchnet ${cmd}`));
    }
    assert.match(run('--help').stdout, /Commands:/);
  });
});
