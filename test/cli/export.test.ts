import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Sequential, TwoLayerNet, saveModel } from '../../src/index.js';
import { ROOT } from '../helpers.js';

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'scratchnet.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_command: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit code 1, one `error:` line matching `pattern`, and the folder as it was. */
function refused(cwd: string, args: string[], pattern: RegExp): void {
  const before = readdirSync(cwd).sort();
  const r = run(cwd, ...args);
  assert.equal(r.code, 1, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.split('\n').length, 2, `one error line: ${r.stderr}`);
  assert.deepEqual(readdirSync(cwd).sort(), before, 'nothing written');
}

describe('scratchnet export', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'export-'));
  saveModel(join(cwd, 'm.safetensors'), new TwoLayerNet(784, 20, 10, { seed: 1 }));
  // PyTorch's MaxPool2d takes a pad of at most half the window; ONNX takes this one
  saveModel(join(cwd, 'wide-pad.safetensors'), new Sequential({ inputShape: [1, 8, 8], layers: [{ type: 'Pooling', size: 3, stride: 1, pad: 2 }, { type: 'Flatten' }, { type: 'Affine', units: 10 }] }));

  it('writes ONNX and a PyTorch module in one command', () => {
    const r = run(cwd, 'export', '--model', 'm.safetensors', '--onnx', 'm.onnx', '--pytorch', 'net.py');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^wrote m\.onnx \(two-layer 784-20-10 relu, \d+ bytes\): input "input" \[N, 784\], outputs "logits" and "probabilities"\nwrote net\.py \(two-layer 784-20-10 relu\): class TwoLayerNet\(nn\.Module\), load\("m\.safetensors"\) reads the weights\n$/);
    assert.ok(existsSync(join(cwd, 'm.onnx')));
    const source = readFileSync(join(cwd, 'net.py'), 'utf8');
    assert.match(source, /^#     from net import load, loss_fn\n#     net = load\("m\.safetensors"\)/m);
    assert.match(source, /^def load\(path="m\.safetensors"\):$/m);
    const compiled = spawnSync('/usr/bin/python3', ['-m', 'py_compile', join(cwd, 'net.py')], { encoding: 'utf8' });
    if (compiled.error === undefined) assert.equal(compiled.status, 0, compiled.stderr);
  });

  it('--help names both formats', () => {
    const r = run(cwd, 'export', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: scratchnet export --model FILE\.safetensors \[--onnx OUT\.onnx\] \[--pytorch OUT\.py\]/);
    assert.match(r.stdout, /--pytorch FILE {5}where to write the \.py file/);
  });

  it('refuses an unwritable --pytorch before reading the model', () => {
    const readOnly = process.getuid?.() === 0 ? '/sys' : '/';
    refused(cwd, ['export', '--model', 'missing.safetensors', '--pytorch', join(readOnly, 'net.py')], /^error: --pytorch \S+: cannot write into/);
    refused(cwd, ['export', '--model', 'm.safetensors', '--onnx', 'ok.onnx', '--pytorch', 'nope/net.py'], /^error: --pytorch nope\/net\.py: the folder \S*nope does not exist/);
  });

  it('writes neither file when the model has a layer PyTorch cannot express', () => {
    refused(cwd, ['export', '--model', 'wide-pad.safetensors', '--onnx', 'w.onnx', '--pytorch', 'w.py'], /^error: exportPytorch: layer Pooling1 \(Pooling 3×3, pad 2\) cannot be expressed: PyTorch's MaxPool2d takes a pad of at most half the window/);
  });

  it('asks for a format, and one file per format', () => {
    refused(cwd, ['export', '--model', 'm.safetensors'], /^error: export needs --model FILE\.safetensors and --onnx OUT\.onnx, --pytorch OUT\.py or both\n$/);
    refused(cwd, ['export', '--model', 'm.safetensors', '--onnx', 'x', '--pytorch', 'x'], /^error: --onnx and --pytorch both name x; give each its own file\n$/);
  });
});
