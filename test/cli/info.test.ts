import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';
import { skipUnlessNative } from '../node/native-helpers.js';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'scratchnet.js'), ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, SCRATCHNET_BACKEND: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scratchnet info, build-native and --backend', { skip: skipUnlessNative() }, () => {
  it('info names the backend, its instruction set and threads', () => {
    const r = run('info');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^backend: native-(avx512|avx2|portable)( ×\d+ threads)?\ninstruction set: (AVX-512|AVX2|portable C)/);
    assert.match(r.stdout, /\nthreads: \d+\nnative kernels: .*scratchnet\.node \(compiled for .*; this CPU runs .*\)\n/);
  });

  it('--backend chooses the kernels for any command, before or after the command name, and refuses unknown names', () => {
    assert.match(run('--backend', 'wasm', 'info').stdout, /^backend: wasm-.*\n[^]*native kernels: .*not in use: another backend was chosen/);
    assert.match(run('info', '--backend=reference').stdout, /^backend: typescript\ninstruction set: TypeScript/);
    const bad = run('info', '--backend', 'gpu');
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, "error: --backend must be one of native, wasm, reference, got 'gpu'\n");
    assert.equal(run('info', '--backend').stderr, 'error: --backend must be one of native, wasm, reference, got nothing\n');
  });

  it('info --json has the same facts', () => {
    const r = JSON.parse(run('info', '--json').stdout) as { backend: string; threads: number; native: { inUse: boolean; compiled: string[] } };
    assert.match(r.backend, /^native-/);
    assert.ok(r.native.inUse && r.native.compiled.includes('portable') && r.threads >= 1);
  });

  it('build-native reports an up-to-date module and exits 0', () => {
    const r = run('build-native');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^native kernels (up to date|built) \(.*portable.*\): .*scratchnet\.node\n$/);
  });

  it("the train header names the kernels", () => {
    const r = run('train', '--iters', '2', '--train-limit', '200', '--test-limit', '100', '--backend', 'native');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kernels: native-(avx512|avx2|portable)/);
  });
});
