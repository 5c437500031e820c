import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';

// Importing scratchnet must start nothing (no thread, no V8 flag, no WebAssembly compile, no native
// module), so that a program that imports it and returns exits by itself. Each case runs in a child
// process that watches its own threads (/proc/self/task), the native module's mapping (/proc/self/maps),
// WebAssembly compiles (a counting WebAssembly.Module) and the relaxed-SIMD flag (whether a module using
// f32x4.relaxed_madd validates), before the import, after it, and after the first kernel call: the last
// step shows the probes see what the import must not do. Compiles are counted when scratchnet's own code
// makes them (a dependency of the ONNX exporter, \`long\`, compiles a 64-bit multiply of its own on load),
// and Node's own thread pool is started before the first look (the module loader starts it on its own).

const INDEX = new URL('../../src/index.js', import.meta.url).href;
const OURS = new URL('../../src/', import.meta.url).href;
const LINUX = process.platform === 'linux' && existsSync('/proc/self/task');

const PROBE = `
import { readdirSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
await stat('/');
const ours = () => new Error().stack.includes(${JSON.stringify(OURS)});
const relaxed = Uint8Array.from([0,0x61,0x73,0x6d,1,0,0,0, 1,8,1,0x60,3,0x7b,0x7b,0x7b,1,0x7b, 3,2,1,0, 0x0a,0x0d,1,0x0b,0,0x20,0,0x20,1,0x20,2,0xfd,0x85,2,0x0b]);
let compiles = 0;
const Module = WebAssembly.Module;
WebAssembly.Module = new Proxy(Module, { construct(t, args, nt) { if (ours()) compiles++; return Reflect.construct(t, args, nt); } });
for (const f of ['compile', 'instantiate']) {
  const g = WebAssembly[f];
  WebAssembly[f] = (...args) => { if (ours()) compiles++; return g.apply(WebAssembly, args); };
}
const look = () => ({
  threads: readdirSync('/proc/self/task').length,
  native: readFileSync('/proc/self/maps', 'utf8').includes('scratchnet.node'),
  compiles,
  relaxed: WebAssembly.validate(relaxed),
});
const before = look();
const s = await import(${JSON.stringify(INDEX)});
const imported = look();
s.Tensor.ones([300, 300]).matmul(s.Tensor.ones([300, 300]));
const used = look();
console.log(JSON.stringify({ before, imported, used, backend: s.getBackend().name }));
`;

interface Look {
  readonly threads: number;
  readonly native: boolean;
  readonly compiles: number;
  readonly relaxed: boolean;
}

function probe(backend: string): { before: Look; imported: Look; used: Look; backend: string } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SCRATCHNET_BACKEND: backend, SCRATCHNET_THREADS: '2' },
  });
  assert.equal(run.status, 0, `the probe failed (${run.signal ?? ''}): ${run.stderr}`);
  return JSON.parse(run.stdout) as { before: Look; imported: Look; used: Look; backend: string };
}

describe('importing scratchnet', { skip: !LINUX && 'the probes read /proc (Linux)' }, () => {
  it('starts no thread, compiles no WebAssembly and sets no V8 flag (WebAssembly backend)', () => {
    const r = probe('wasm');
    assert.deepEqual(r.imported, r.before, 'importing changed the process');
    assert.match(r.backend, /^wasm-/);
    assert.ok(r.used.compiles > 0, 'the first kernel call compiled the WebAssembly kernels');
    assert.ok(r.used.threads > r.imported.threads, `the first kernel call started the helper threads (${r.imported.threads} → ${r.used.threads})`);
    if (!r.before.relaxed) assert.equal(r.used.relaxed, true, 'the relaxed-SIMD flag was set before the first compile');
  });

  it('loads no native module and starts no thread (default backend)', () => {
    const r = probe('');
    assert.deepEqual(r.imported, r.before, 'importing changed the process');
    if (r.backend.startsWith('native-')) {
      assert.equal(r.used.native, true, 'the first kernel call loaded the native module');
      assert.ok(r.used.threads > r.imported.threads, `the first kernel call started the native helper threads (${r.imported.threads} → ${r.used.threads})`);
    }
  });
});

describe('a program that imports scratchnet and trains', () => {
  const script = `
    const { MultiLayerNet, Trainer, SGD, Tensor, Rng, getBackend } = await import(${JSON.stringify(INDEX)});
    const rng = new Rng(3);
    const x = Tensor.randn([200, 20], rng);
    const t = Int32Array.from({ length: 200 }, (_, i) => i % 3);
    const trainer = new Trainer(new MultiLayerNet({ inputSize: 20, hiddenSizes: [16], outputSize: 3, seed: 1 }), { train: { images: x, labels: t } }, { optimizer: new SGD(0.1), epochs: 2, batchSize: 50 });
    while (!trainer.done) trainer.step();
    Tensor.ones([400, 400]).matmul(Tensor.ones([400, 400])); // a split product: the helpers have run
    console.log(getBackend().name);
  `;
  for (const backend of ['native', 'wasm', 'reference']) {
    it(`exits by itself, with no cleanup call (${backend})`, (t) => {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, SCRATCHNET_BACKEND: backend, SCRATCHNET_THREADS: '2' } });
      if (backend === 'native' && /native kernels cannot run here/.test(run.stderr)) return t.skip('no native module here');
      assert.equal(run.signal, null, `the process did not exit within 60 s after training (${run.stderr})`);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(run.stdout.trim().length > 0, run.stderr);
    });
  }
});

describe('scratchnet info', () => {
  it('still names the backend, its instruction set and threads', () => {
    const run = spawnSync(process.execPath, [`${ROOT}bin/scratchnet.js`, 'info', '--json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, SCRATCHNET_BACKEND: 'wasm', SCRATCHNET_THREADS: '2' } });
    assert.equal(run.status, 0, run.stderr);
    const r = JSON.parse(run.stdout) as { backend: string; threads: number; instructionSet: string };
    assert.match(r.backend, /^wasm-(relaxed-)?simd ×2 threads$/);
    assert.equal(r.threads, 2);
    assert.match(r.instructionSet, /WebAssembly/);
  });
});
