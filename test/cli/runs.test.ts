import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listCheckpoints, loadModel, runsIn } from '../../src/index.js';
import { ROOT } from '../helpers.js';

const BIN = join(ROOT, 'bin', 'scratchnet.js');
const SMALL = ['--train-limit', '600', '--test-limit', '100', '--batch-size', '50'];

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_command: '', ...env } });
}

/** Starts a long run in `cwd`, waits until it trains (its header is printed), presses Ctrl-C; returns its exit code and stderr. */
async function interrupt(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'train', ...args, '--iters', '1000000'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_command: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const deadline = Date.now() + 60_000;
  while (!stdout.includes('data: MNIST') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(stdout.includes('data: MNIST'), `the run started training (stdout: ${stdout}, stderr: ${stderr})`);
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGINT');
  return { code: await code, stderr };
}

const modelKind = (path: string) => (loadModel(path).config() as { model?: string }).model;

describe('runs never mix', () => {
  it('two interrupted runs in the default folder keep their own checkpoints, and each resumes into its own model', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'runs-'));
    const first = await interrupt(cwd, SMALL);
    assert.equal(first.code, 130, first.stderr);
    const second = await interrupt(cwd, [...SMALL, '--model', 'mlp', '--hidden', '30', '--out', 'mlp.safetensors']);
    assert.equal(second.code, 130, second.stderr);
    const saved = /saved (\S+)/.exec(second.stderr)![1]!;
    assert.ok(existsSync(join(cwd, saved)), `the checkpoint the second run reported (${saved}) exists`);
    assert.equal(runsIn(join(cwd, 'scratchnet-checkpoints')).size, 2, 'both runs keep their checkpoints');
    // two runs share the folder: the hint names the second run's file, as the user would type it
    const hint = /resume with: (.*)/.exec(second.stderr)![1]!;
    assert.match(hint, /^node \S*scratchnet\.js train --resume scratchnet-checkpoints\/ckpt-[0-9a-f]{8}-\d{9}\.safetensors$/);
    const folder = run(cwd, ['train', '--resume', 'scratchnet-checkpoints']);
    assert.equal(folder.status, 1);
    assert.match(folder.stderr, /^error: scratchnet-checkpoints holds checkpoints of 2 runs: run [0-9a-f]{8} \((mlp|two-layer), .*; run [0-9a-f]{8} \((mlp|two-layer), .*Resume one by naming its checkpoint file\n$/);
    assert.ok(folder.stderr.includes('(mlp, ') && folder.stderr.includes('(two-layer, '), 'both runs are named');
    const at = (stderr: string) => String(Number(/interrupted at iteration (\d+)/.exec(stderr)![1]) + 20);
    const resumedSecond = run(cwd, ['train', '--resume', hint.split(' --resume ')[1]!, '--iters', at(second.stderr), '--quiet']);
    assert.equal(resumedSecond.status, 0, resumedSecond.stderr);
    assert.equal(modelKind(join(cwd, 'mlp.safetensors')), 'mlp', 'the second run saved its own model where it was asked to');
    assert.ok(!existsSync(join(cwd, 'model.safetensors')), 'the first run has not been resumed, so its model does not exist yet');
    const firstFile = /saved (\S+)/.exec(first.stderr)![1]!;
    const resumedFirst = run(cwd, ['train', '--resume', firstFile, '--iters', at(first.stderr), '--quiet']);
    assert.equal(resumedFirst.status, 0, resumedFirst.stderr);
    assert.equal(modelKind(join(cwd, 'model.safetensors')), 'two-layer');
    assert.equal(modelKind(join(cwd, 'mlp.safetensors')), 'mlp', 'the second run\'s model is untouched');
  });

  it('a new run in a --checkpoint-dir of another run is refused before any work, unless --new-run', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'runs-'));
    const a = run(cwd, ['train', ...SMALL, '--iters', '24', '--checkpoint-dir', 'ck', '--checkpoint-every', '12', '--quiet']);
    assert.equal(a.status, 0, a.stderr);
    const before = readdirSync(join(cwd, 'ck')).sort();
    const b = run(cwd, ['train', ...SMALL, '--iters', '24', '--checkpoint-dir', 'ck', '--out', 'b.safetensors']);
    assert.equal(b.status, 1);
    assert.equal(b.stdout, '', 'nothing trained');
    assert.match(b.stderr, /^error: --checkpoint-dir ck holds checkpoints of another run: run [0-9a-f]{8} \(two-layer, iteration 24 of 24, saving .*model\.safetensors\), newest ck\/ckpt-[0-9a-f]{8}-000000024\.safetensors\. Resume it with 'node \S+ train --resume ck', choose another --checkpoint-dir, or add --new-run/);
    assert.deepEqual(readdirSync(join(cwd, 'ck')).sort(), before);
    assert.ok(!existsSync(join(cwd, 'b.safetensors')));
    const fresh = run(cwd, ['train', ...SMALL, '--iters', '36', '--checkpoint-dir', 'ck', '--checkpoint-every', '12', '--out', 'b.safetensors', '--new-run', '--quiet']);
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.equal(runsIn(join(cwd, 'ck')).size, 2);
    assert.deepEqual(readdirSync(join(cwd, 'ck')).filter((f) => before.includes(f)).sort(), before, 'the first run\'s checkpoints are untouched by the second run\'s pruning');
    assert.equal(listCheckpoints(join(cwd, 'ck')).length, 4, 'each run keeps its newest two');
  });

  it('--resume refuses an --out that is not the run\'s, and the resume hint follows npx', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'runs-'));
    const a = run(cwd, ['train', ...SMALL, '--iters', '12', '--checkpoint-dir', 'ck', '--out', 'a.safetensors', '--quiet']);
    assert.equal(a.status, 0, a.stderr);
    const other = run(cwd, ['train', '--resume', 'ck', '--iters', '24', '--out', 'elsewhere.safetensors']);
    assert.equal(other.status, 1);
    assert.match(other.stderr, /--out elsewhere\.safetensors \(the run saves .*a\.safetensors; leave --out out\)/);
    const viaNpx = await interrupt(cwd, [...SMALL, '--checkpoint-dir', 'npx-ck'], { npm_command: 'exec' });
    assert.equal(viaNpx.code, 130);
    assert.match(viaNpx.stderr, /resume with: npx scratchnet train --resume npx-ck\n/);
  });
});

describe('outputs are checked before any work, and a failing command writes nothing', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'outputs-'));
  // root writes anywhere a mode allows, so as root a folder of the kernel's (read-only to everyone) stands in
  const readOnly = process.getuid?.() === 0 ? '/sys' : (() => {
    const d = mkdtempSync(join(tmpdir(), 'read-only-'));
    chmodSync(d, 0o555);
    return d;
  })();
  const cases: [string, string[], RegExp][] = [
    ['--out into a read-only folder', ['--out', join(readOnly, 'm.safetensors')], /^error: --out \S+: cannot write into \S+: (permission denied|the file system is read-only)/],
    ['--out under a file', ['--out', 'afile/m.safetensors'], /^error: --out afile\/m\.safetensors: \S*afile is a file, not a folder/],
    ['--out into a missing folder', ['--out', 'nope/m.safetensors'], /^error: --out nope\/m\.safetensors: the folder \S*nope does not exist/],
    ['--plot into a read-only folder', ['--plot', join(readOnly, 'c.svg')], /^error: --plot \S+: cannot write into/],
    ['--checkpoint-dir under a file', ['--checkpoint-dir', 'afile/ck'], /^error: --checkpoint-dir afile\/ck: \S*afile is a file, not a folder/],
    ['--checkpoint-dir that is a file', ['--checkpoint-dir', 'afile'], /^error: --checkpoint-dir afile: is a file, expected a folder/],
    ['--checkpoint-dir in a read-only folder', ['--checkpoint-dir', join(readOnly, 'ck')], /^error: --checkpoint-dir \S+: cannot write into/],
  ];
  for (const [what, flags, message] of cases) {
    it(what, () => {
      spawnSync('touch', [join(cwd, 'afile')]);
      const before = readdirSync(cwd).sort();
      const r = run(cwd, ['train', ...SMALL, '--iters', '5', ...flags]);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout, '', 'failed before loading or training');
      assert.match(r.stderr, message);
      assert.equal(r.stderr.split('\n').length, 2, 'one error line');
      assert.deepEqual(readdirSync(cwd).sort(), before, 'nothing written');
    });
  }
  it('export refuses an unwritable --onnx before reading the model', () => {
    const r = run(cwd, ['export', '--model', 'missing.safetensors', '--onnx', join(readOnly, 'm.onnx')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: --onnx \S+: cannot write into/);
  });
});

describe('honest training', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'honest-'));
  it('a loss that explodes stops the run as diverged and saves no model', () => {
    const r = run(cwd, ['train', ...SMALL, '--lr', '1e9', '--iters', '100', '--quiet']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: training stopped at iteration \d+: the loss exploded .* lower the learning rate \(now 1000000000\).*No model was saved/);
    assert.ok(!existsSync(join(cwd, 'model.safetensors')));
  });
  it('a limit above the data size is an error that states the size', () => {
    const r = run(cwd, ['train', '--train-limit', '70000', '--iters', '1']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: MNIST: a limit of 70000 images is more than the 60000 in \S+; use at most 60000\n$/);
  });
  it('a model whose outputs do not fit the labels is refused before training', () => {
    const spec = join(cwd, 'five.json');
    spawnSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(spec)}, JSON.stringify({ inputShape: [784], layers: [{ type: 'Affine', units: 20 }, { type: 'Relu' }, { type: 'Affine', units: 5 }] }))`]);
    const r = run(cwd, ['train', ...SMALL, '--model', spec, '--iters', '5']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: train: the model gives 5 scores per sample, but the training labels go up to 9 \(10 classes\); give the last layer 10 units\n$/);
  });
});

describe('the command line as people type it', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cli-words-'));
  it('help <command> shows the command\'s help', () => {
    for (const command of ['train', 'eval', 'predict', 'export']) {
      const help = run(cwd, ['help', command]);
      assert.equal(help.status, 0);
      assert.equal(help.stdout, run(cwd, [command, '--help']).stdout);
      assert.match(help.stdout, new RegExp(`^Usage: scratchnet ${command}`));
    }
    assert.match(run(cwd, ['help', 'nope']).stderr, /^error: no help for 'nope': not a command/);
  });
  it('a flag without its value gets our message', () => {
    assert.equal(run(cwd, ['train', '--lr']).stderr, 'error: --lr needs a value (see scratchnet train --help)\n');
    assert.equal(run(cwd, ['train', '--lr', '--iters', '5']).stderr, "error: --lr needs a value, but the next word is the flag '--iters' (see scratchnet train --help)\n");
    assert.equal(run(cwd, ['train', '--json=yes']).stderr, 'error: --json takes no value; give it alone (see scratchnet train --help)\n');
  });
});
