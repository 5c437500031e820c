import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Tensor, loadModel } from '../../src/index.js';
import { ROOT, assertClose } from '../helpers.js';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'scratchnet.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FIXTURES = join(ROOT, 'test', 'fixtures', 'pickle');
type Layout = { scores: number[][] };
const LAYOUTS = JSON.parse(readFileSync(join(FIXTURES, 'book-layouts.json'), 'utf8')) as Record<string, Layout>;

/** The inputs make_pickle_fixtures.py scored: sample n, value i = ((7i + 13n) mod 17) / 16. */
function inputs(shape: readonly number[], dtype: 'float32' | 'float64'): Tensor {
  const data = new Float64Array(3 * 784);
  for (let n = 0; n < 3; n++) for (let i = 0; i < 784; i++) data[n * 784 + i] = ((i * 7 + n * 13) % 17) / 16;
  return new Tensor(data, [3, ...shape]).astype(dtype);
}

// the commands the help text gives for the book's three files
const COMMANDS: Record<string, string[]> = {
  sample_weight: ['--model', 'mlp', '--hidden', '50,100', '--activation', 'sigmoid'],
  params: ['--model', 'simple-conv'],
  deep_convnet_params: ['--model', 'deep-conv'],
};

describe('scratchnet convert', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convert-'));
  const pkl = (name: string) => join(dir, `${name}.pkl`);
  before(() => {
    for (const name of Object.keys(COMMANDS)) writeFileSync(pkl(name), gunzipSync(readFileSync(join(FIXTURES, `${name}-layout.pkl.gz`))));
  });

  for (const [name, flags] of Object.entries(COMMANDS)) {
    it(`converts the book's ${name}.pkl with ${flags.join(' ')}, and loadModel gives numpy's scores`, () => {
      const out = join(dir, `${name}.safetensors`);
      const r = run('convert', pkl(name), '--out', out, ...flags);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(.*\\): W1 \\[.*\\] from ${name}\\.pkl`));
      const model = loadModel(out);
      assertClose(model.predict(inputs(model.inputShape, 'float32')), LAYOUTS[name]!.scores, { rtol: 1e-4, atol: 1e-5 }, name);
    });
  }

  it('keeps float64 with --dtype float64, and says when it casts', () => {
    const out = join(dir, 'p64.safetensors');
    const r = run('convert', pkl('params'), '--out', out, '--model', 'simple-conv', '--dtype', 'float64');
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /stored as/);
    const model = loadModel(out);
    assert.equal(model.params.W1!.dtype, 'float64');
    assertClose(model.predict(inputs([1, 28, 28], 'float64')), LAYOUTS.params!.scores, { rtol: 1e-9, atol: 1e-12 });
    assert.match(run('convert', pkl('params'), '--out', join(dir, 'p32.safetensors'), '--model', 'simple-conv').stdout, /, float64 in the file stored as float32 \(--dtype float64 keeps them\)$/m);
  });

  it('eval reads a converted file like any model file', () => {
    const out = join(dir, 'eval.safetensors');
    assert.equal(run('convert', pkl('params'), '--out', out, '--model', 'simple-conv').code, 0);
    assert.match(run('eval', '--model', out, '--test-limit', '100').stdout, /simple-conv \(30 filters 5×5, hidden 100\)\): test accuracy 0\.\d{4} on 100 images/);
  });

  it('refuses shapes that do not fit, naming the parameter and both shapes, and writes nothing', () => {
    const out = join(dir, 'no.safetensors');
    const r = run('convert', pkl('params'), '--out', out, '--model', 'simple-conv', '--hidden', '50');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "error: params.pkl: 'W2' has shape [4320, 100] in the file, simple-conv (30 filters 5×5, hidden 50) expects [4320, 50]\n");
    const r2 = run('convert', pkl('sample_weight'), '--out', out, '--model', 'mlp', '--activation', 'sigmoid');
    assert.match(r2.stderr, /^error: sample_weight\.pkl: has no 'W4', 'b4', 'W5', 'b5', 'W6', 'b6', which mlp 784-100-100-100-100-100-10 sigmoid needs/);
    assert.ok(!existsSync(out));
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), [], 'no temporary file left');
  });

  it('refuses a pickle that would run code, a truncated or corrupt file and a file that is not a pickle: one line each, exit code 1, nothing written', () => {
    const out = join(dir, 'no.safetensors');
    const evil = run('convert', join(FIXTURES, 'refuse-os-system-p2.pkl'), '--out', out, '--model', 'simple-conv');
    assert.equal(evil.code, 1);
    assert.match(evil.stderr, /^error: refuse-os-system-p2\.pkl: refused: the file asks for "posix\.system"; .* nothing in the file is run \(GLOBAL at byte \d+\)\n$/);
    const cut = join(dir, 'cut.pkl');
    writeFileSync(cut, readFileSync(pkl('params')).subarray(0, 5000));
    const corrupt = join(dir, 'corrupt.pkl');
    const bytes = new Uint8Array(readFileSync(pkl('params')));
    bytes[2] = 0xff; // the opcode after PROTO becomes one no pickle has
    writeFileSync(corrupt, bytes);
    const cases: [string, RegExp][] = [
      [cut, /^error: cut\.pkl: needs \d+ bytes, but the file ends at byte 5000 \(truncated\?\) \(BINBYTES at byte \d+\)\n$/],
      [corrupt, /^error: corrupt\.pkl: not a pickle opcode \(byte 0xff at byte 2\)\n$/],
      [join(ROOT, 'package.json'), /^error: package\.json: not a pickle of protocol 2 to 5[^\n]*\n$/],
      [join(dir, 'missing.pkl'), /^error: .*missing\.pkl: cannot read \(ENOENT\)\n$/],
    ];
    for (const [file, message] of cases) {
      const r = run('convert', file, '--out', out, '--model', 'simple-conv');
      assert.equal(r.code, 1, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.ok(!existsSync(out));
  });

  it('checks its flags and the output path before reading anything', () => {
    assert.match(run('convert', pkl('params'), '--model', 'simple-conv').stderr, /^error: convert needs --out FILE\.safetensors\n$/);
    assert.match(run('convert', pkl('params'), '--out', 'x.safetensors').stderr, /^error: convert needs --model KIND \(mlp --hidden 50,100 --activation sigmoid for ch03\/sample_weight\.pkl/);
    assert.match(run('convert', '--out', 'x.safetensors', '--model', 'mlp').stderr, /^error: convert needs the file to convert/);
    assert.match(run('convert', pkl('params'), '--out', join(dir, 'no', 'such', 'x.safetensors'), '--model', 'simple-conv').stderr, /^error: --out .*: the folder .* does not exist/);
    assert.match(run('convert', pkl('params'), '--out', 'x.safetensors', '--model', 'simple-conv', '--activation', 'sigmoid').stderr, /^error: --activation works with --model /);
    assert.match(run('convert', pkl('params'), '--out', 'x.safetensors', '--model', 'simple-conv', '--dtype', 'float16').stderr, /^error: --dtype must be one of float32, float64, got 'float16'\n$/);
    assert.match(run('help', 'convert').stdout, /ch08\/deep_convnet_params\.pkl\s+--model deep-conv/);
    assert.equal(run('help', 'convert').stdout, run('convert', '--help').stdout);
    assert.match(run('help').stdout, /^ {2}convert +turn a weight file of the book's code \(\.pkl\) into a model file$/m);
  });
});
