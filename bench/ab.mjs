// A/B of two builds of scratchnet in one process, for changes too small to see across processes on a
// noisy machine (this one drifts by up to 1.5× within the hour). Usage:
//
//   node bench/ab.mjs REV [W1|W1eval|W2|W3|deep[,...]] [--threads N] [--rounds R] [--cpu]
//
// builds the git revision REV in a temporary worktree (sharing this checkout's node_modules), loads it
// next to this checkout's build (dist/, run `npm run build` first), and times blocks of training steps
// of the workload (deep: DeepConvNet with Adam; W1eval: W1's evaluation, the accuracy of a trained
// TwoLayerNet over 10,000 training images in batches of 1,000, as Trainer does), alternating the two builds (ABBA order), R rounds. It prints the median ms per step
// of each and the median of the per-round ratios (base ÷ this: above 1 means this checkout is faster).
// The two builds share the process, its heap and the machine's mood; only the code differs. Several
// workloads (comma-separated) share one build of REV. --cpu times by the process's CPU time
// (process.cpuUsage) instead of the wall clock: on a machine shared by more processes than it has
// cores, a wall-clock block mostly measures waiting for a core (use it with one thread).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './peers/common.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const [rev, workloadList = 'W2'] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const workloads = workloadList.split(',');
const threads = option('--threads', 1);
const rounds = option('--rounds', 15);
const cpuClock = args.includes('--cpu');
const now = cpuClock
  ? () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
  : () => performance.now();
if (!rev || !workloads.every((w) => ['W1', 'W1eval', 'W2', 'W3', 'deep'].includes(w)) || !Number.isSafeInteger(threads) || !Number.isSafeInteger(rounds) || rounds < 2) {
  console.error('usage: node bench/ab.mjs REV [W1|W1eval|W2|W3|deep[,...]] [--threads N] [--rounds R ≥ 2] [--cpu]');
  process.exit(2);
}
if (!existsSync(join(root, 'dist/src/index.js'))) {
  console.error('bench/ab.mjs: no dist/ here; run `npm run build` first');
  process.exit(2);
}

const git = (...a) => execFileSync('git', ['-C', root, ...a], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
let commit;
try {
  commit = git('rev-parse', '--verify', '--quiet', `${rev}^{commit}`);
} catch {
  console.error(`bench/ab.mjs: ${JSON.stringify(rev)} is not a commit of this repository (try HEAD~1 or a hash from git log)`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-ab-'));
let added = false;
try {
  git('worktree', 'add', '--detach', dir, commit);
  added = true;
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  console.error(`bench/ab.mjs: building ${commit.slice(0, 10)} in ${dir} ...`);
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });

  const builds = await Promise.all([dir, root].map((d) => import(pathToFileURL(join(d, 'dist/src/index.js')).href)));
  builds.forEach((L) => L.setThreads(threads));
  for (const workload of workloads) {
    const steps = builds.map((L) => {
      const conv = workload === 'W2' || workload === 'deep';
      const data = L.loadMnist({ flatten: !conv, trainLimit: 10000, testLimit: 1 }).train;
      const net = {
        W1: () => new L.TwoLayerNet(784, 50, 10, { seed: 1 }),
        W1eval: () => new L.TwoLayerNet(784, 50, 10, { seed: 1 }),
        W2: () => new L.SimpleConvNet({ seed: 1 }),
        W3: () => new L.MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit: 'he', seed: 1 }),
        deep: () => new L.DeepConvNet({ seed: 1 }),
      }[workload]();
      const optimizer = workload.startsWith('W1') ? new L.SGD(0.1) : new L.Adam(0.001);
      const rng = new L.Rng(1);
      const train = () => {
        const idx = Int32Array.from({ length: 100 }, () => rng.int(10000));
        const { grads } = net.lossAndGradient(L.takeRows(data.images, idx), L.takeLabels(data.labels, idx));
        optimizer.update(net.params, grads);
      };
      if (workload === 'W1eval') {
        for (let i = 0; i < 200; i++) train(); // weights of a network in training
        return () => net.accuracy(data.images, data.labels, { batchSize: 1000 });
      }
      return train;
    });
    const block = { deep: 2, W2: 5, W1eval: 1 }[workload] ?? 100;
    const time = (step) => {
      const t0 = now();
      for (let i = 0; i < block; i++) step();
      return (now() - t0) / block;
    };
    steps.forEach((s) => time(s)); // warm-up
    const ms = [[], []];
    const ratios = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [1, 0] : [0, 1]; // ABBA: neither build always goes first
      const t = [0, 0];
      for (const b of order) t[b] = time(steps[b]);
      ms[0].push(t[0]);
      ms[1].push(t[1]);
      ratios.push(t[0] / t[1]);
    }
    console.log(`${workload}, ${threads} thread(s), ${rounds} rounds of ${block} ${workload === 'W1eval' ? 'evaluation' : 'steps'} each`);
    console.log(`  base ${rev} (${commit.slice(0, 10)}): ${median(ms[0]).toFixed(3)} ms ${cpuClock ? 'of CPU ' : ''}per step`);
    console.log(`  this checkout: ${median(ms[1]).toFixed(3)} ms ${cpuClock ? 'of CPU ' : ''}per step`);
    console.log(`  base ÷ this, median of the rounds: ${median(ratios).toFixed(3)}× (spread ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
  }
  builds.forEach((L) => L.setThreads(1)); // stop the helper threads so the process can exit
} finally {
  if (added) git('worktree', 'remove', '--force', dir);
  rmSync(dir, { recursive: true, force: true });
}
