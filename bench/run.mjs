// The benchmark suite: every workload for scratchnet and each peer, in one run on one machine,
// one process per peer and workload, one at a time. Prints a markdown table of medians and ratios
// (peer time / scratchnet time; for GFLOPS, scratchnet GFLOPS / peer GFLOPS).
// Usage: npm run bench [-- --quick] [-- --only W1,W4,deep,lstm] [-- --rounds N (default 3; 1 with --quick)] [-- --write FILE]
// It installs what it needs with apt-get when missing (python3-numpy, libopenblas0-pthread,
// python3-torch) and skips a peer, saying why, only when it cannot be had.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ['W1', 'W2', 'W3', 'W4', 'deep', 'lstm'];
const write = args.includes('--write') ? args[args.indexOf('--write') + 1] : null;
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : quick ? 1 : 3;
if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`bench: --rounds takes a whole number ≥ 1, got ${args[args.indexOf('--rounds') + 1]}`);
const python = '/usr/bin/python3';

function have(cmd, argv) {
  return spawnSync(cmd, argv, { stdio: 'ignore' }).status === 0;
}

function aptInstall(pkgs) {
  if (!have('apt-get', ['--version'])) return false;
  const r = spawnSync('bash', ['-c', `(apt-get install -y -qq ${pkgs.join(' ')} || (apt-get update -qq && apt-get install -y -qq ${pkgs.join(' ')})) >/dev/null 2>&1`]);
  return r.status === 0;
}

const skipped = [];

/** TensorFlow.js is a peer only, so it lives in bench/tfjs/ with its own lock file and is installed on first use. */
function ensureTfjs() {
  const dir = join(root, 'bench/tfjs');
  if (existsSync(join(dir, 'node_modules/@tensorflow/tfjs'))) return true;
  console.error('bench: installing the TensorFlow.js peer (npm ci in bench/tfjs, about 290 MB) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' }).status === 0) return true;
  skipped.push('TensorFlow.js: npm ci in bench/tfjs failed');
  return false;
}
function ensurePython(module, pkgs, peer) {
  if (have(python, ['-c', `import ${module}`])) return true;
  console.error(`bench: installing ${pkgs.join(', ')} for ${peer} ...`);
  if (aptInstall(pkgs) && have(python, ['-c', `import ${module}`])) return true;
  skipped.push(`${peer}: ${pkgs.join(', ')} could not be installed with apt-get`);
  return false;
}

const avx512 = cpus()[0]?.model && existsSync('/proc/cpuinfo') && /avx512f/.test(execFileSync('cat', ['/proc/cpuinfo']).toString());
const hasNumpy = ensurePython('numpy', ['python3-numpy'], 'numpy (book)');
if (hasNumpy && !existsSync('/usr/lib/x86_64-linux-gnu/openblas-pthread')) aptInstall(['libopenblas0-pthread']);
const hasTorch = ensurePython('torch', ['python3-torch'], 'PyTorch CPU');
const hasTfjs = ensureTfjs();

// numpy: OpenBLAS misdetects this CPU (as Prescott) unless its core type is set; one thread, like every peer here
const blasEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', ...(avx512 ? { OPENBLAS_CORETYPE: 'SkylakeX' } : {}) };
delete blasEnv.OPENBLAS_L2_SIZE;
const threads = Math.min(2, cpus().length);
// only scratchnet and PyTorch run DeepConvNet (the others would take hours or lack its layers)
const onlyDeep = { deep: 'DeepConvNet is measured for scratchnet and PyTorch only' };
// TensorFlow.js's peer has no recurrent workload
const noLstm = { lstm: 'the TensorFlow.js peer has no TimeLSTM workload' };
// scratchnet: its default backend (native where it was built, else WebAssembly) and the WebAssembly one
const ours = (env) => ({ ...process.env, SCRATCHNET_BACKEND: '', ...env });
const peers = [
  { name: 'scratchnet', cmd: process.execPath, argv: (w) => [join(root, 'bench/peers/scratchnet.mjs'), w], env: ours({ SCRATCHNET_THREADS: String(threads) }) },
  { name: 'scratchnet 1 thread', cmd: process.execPath, argv: (w) => [join(root, 'bench/peers/scratchnet.mjs'), w], env: ours({ SCRATCHNET_THREADS: '1' }) },
  { name: 'scratchnet wasm', cmd: process.execPath, argv: (w) => [join(root, 'bench/peers/scratchnet.mjs'), w], env: ours({ SCRATCHNET_THREADS: String(threads), SCRATCHNET_BACKEND: 'wasm' }) },
  // the book's code as written computes in float64 (its weights come from np.random.randn); the float32 variant is the same code in float32
  ...(hasNumpy ? [{ name: 'numpy (book, float64)', cmd: python, argv: (w) => [join(root, 'bench/peers/numpy_book.py'), w], env: { ...blasEnv, BENCH_NUMPY_DTYPE: 'float64' }, skip: { W4: 'W4 measures float32 products', ...onlyDeep } }] : []),
  ...(hasNumpy ? [{ name: 'numpy float32', cmd: python, argv: (w) => [join(root, 'bench/peers/numpy_book.py'), w], env: { ...blasEnv, BENCH_NUMPY_DTYPE: 'float32' }, skip: onlyDeep }] : []),
  ...(hasTorch ? [{ name: 'PyTorch CPU', cmd: python, argv: (w) => [join(root, 'bench/peers/torch_peer.py'), w], env: { ...blasEnv, BENCH_THREADS: '1' } }] : []),
  ...(hasTorch ? [{ name: `PyTorch CPU ${threads} threads`, cmd: python, argv: (w) => [join(root, 'bench/peers/torch_peer.py'), w], env: { ...blasEnv, BENCH_THREADS: String(threads) } }] : []),
  ...(hasTfjs ? [{ name: 'TensorFlow.js wasm', cmd: process.execPath, argv: (w) => [join(root, 'bench/tfjs/tfjs.mjs'), 'wasm', w], env: process.env, skip: { ...onlyDeep, ...noLstm } }] : []),
  ...(hasTfjs ? [{ name: 'TensorFlow.js cpu', cmd: process.execPath, argv: (w) => [join(root, 'bench/tfjs/tfjs.mjs'), 'cpu', w], env: process.env, skip: { W1: 'seconds per iteration: too slow to finish in a run', W2: 'seconds per iteration: too slow to finish in a run', ...onlyDeep, ...noLstm } }] : []),
];

// Each workload runs `rounds` times, the peers in turn within a round, and each cell is the median over
// the rounds: a noisy machine then slows every peer alike instead of whichever ran in a bad minute.
const runs = [];
const versions = new Map();
for (const w of only) {
  for (let round = 1; round <= rounds; round++) {
    for (const p of peers) {
      if (p.skip?.[w]) {
        if (round === 1) console.error(`bench: ${p.name} ${w} skipped (${p.skip[w]})`);
        continue;
      }
      console.error(`bench: ${p.name} ${w}${quick ? ' (quick)' : ''}, round ${round} of ${rounds} ...`);
      const r = spawnSync(p.cmd, [...p.argv(w), ...(quick ? ['--quick'] : [])], { env: p.env, encoding: 'utf8', timeout: 30 * 60_000 });
      if (r.status !== 0) {
        if (round === 1) runs.push({ peer: p.name, workload: w, metric: '(failed)', value: null, unit: '', error: (r.stderr || r.error?.message || '').trim().split('\n').pop() });
        continue;
      }
      for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
        const o = JSON.parse(line);
        o.peer = p.name;
        versions.set(p.name, [o.version, o.backend ?? o.blas ?? '', `threads ${o.threads}`].filter(Boolean).join(', '));
        runs.push(o);
      }
    }
  }
}
const medianOf = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = [];
for (const o of runs) {
  const same = (r) => r.peer === o.peer && r.workload === o.workload && r.metric === o.metric;
  if (rows.some(same)) continue;
  const all = runs.filter(same);
  rows.push(o.value === null ? o : { ...o, value: medianOf(all.map((r) => r.value)), rounds: all.length });
}

const names = peers.map((p) => p.name);
const key = (o) => `${o.workload}|${o.metric}`;
const metrics = [...new Map(rows.filter((r) => r.value !== undefined && r.metric !== '(failed)').map((r) => [key(r), r])).values()];
const fmt = (v, unit) => (v === null || v === undefined ? '–' : unit === 'GFLOPS' ? v.toFixed(1) : unit === 's' ? v.toFixed(1) : v.toFixed(2));
const lines = [
  `| workload | metric | ${names.join(' | ')} | ${names.slice(1).map((n) => `${n} ÷ scratchnet`).join(' | ')} |`,
  `|---|---|${names.map(() => '---:').join('|')}|${names.slice(1).map(() => '---:').join('|')}|`,
];
for (const m of metrics) {
  const get = (n) => rows.find((r) => r.peer === n && key(r) === key(m));
  const ours = get('scratchnet');
  const cells = names.map((n) => {
    const r = get(n);
    return r ? `${fmt(r.value, r.unit)} ${r.unit}${r.testAcc !== undefined ? ` (acc ${r.testAcc.toFixed(4)})` : ''}` : '–';
  });
  const ratios = names.slice(1).map((n) => {
    const r = get(n);
    if (!r || !ours || !r.value || !ours.value) return '–';
    const ratio = m.unit === 'GFLOPS' ? ours.value / r.value : r.value / ours.value;
    return `${ratio.toFixed(2)}×`;
  });
  lines.push(`| ${m.workload} | ${m.metric} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
}
const failures = rows.filter((r) => r.metric === '(failed)' || r.error).map((r) => `- ${r.peer} ${r.workload}: ${r.error}`);
const header = [
  `Run on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}${quick ? ', --quick' : ''}; each cell the median of ${rounds} round${rounds > 1 ? 's' : ''} (the peers take turns within a round).`,
  '',
  ...[...versions].map(([n, v]) => `- ${n}: ${v}`),
  ...(skipped.length ? ['', 'Skipped:', ...skipped.map((s) => `- ${s}`)] : []),
  ...(failures.length ? ['', 'Failed or not supported:', ...failures] : []),
  '',
];
const table = [...header, ...lines].join('\n');
console.log(table);
if (write) {
  // relative to where npm runs scripts (the package root); an absolute path is taken as it is
  const file = resolve(root, write);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${table}\n`);
}
