// Two builds in one process, alternating (ABBA): an AttentionSeq2seq training step on the date task
// (V 59, D 16, H 256, N 128) and TimeLSTM forward+backward (N 128, T 30, D 16, H 256), each build on its
// own module graph and native module. Prints each one's median and the median of the per-round ratios
// (before ÷ after), which hold up on a machine too noisy for separate runs.
//
//   node bench/seq-ab.mjs BEFORE/dist/src/index.js [AFTER/dist/src/index.js] [--rounds R]
import { median } from './peers/common.mjs';

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 6;
const paths = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (paths.length < 1) {
  console.error('usage: node bench/seq-ab.mjs BEFORE/dist/src/index.js [AFTER/dist/src/index.js] [--rounds R]');
  process.exit(2);
}
const builds = await Promise.all([paths[0], paths[1] ?? new URL('../dist/src/index.js', import.meta.url).href].map((p) => import(p)));

function workloads(lib) {
  const { Adam, AttentionSeq2seq, Rng, Tensor, TimeLSTM, clipGrads, datesText, parseSeq2seqText, setThreads } = lib;
  setThreads(1);
  const data = parseSeq2seqText(datesText(1280, { seed: 1 }), { reverse: true });
  const model = new AttentionSeq2seq({ vocabSize: data.vocab.size, wordvecSize: 16, hiddenSize: 256, seed: 1 });
  const optimizer = new Adam(0.001);
  let i = 0;
  const rng = new Rng(1);
  const [N, T, D, H] = [128, 30, 16, 256];
  const lstm = new TimeLSTM(Tensor.randn([D, 4 * H], rng).mul(1 / Math.sqrt(D)), Tensor.randn([H, 4 * H], rng).mul(1 / Math.sqrt(H)), Tensor.zeros([4 * H]));
  const xs = Tensor.randn([N, T, D], rng), dhs = Tensor.randn([N, T, H], rng);
  return {
    attention: () => {
      const lo = (i++ % 10) * 128;
      model.forward(data.questions.slice(0, lo, lo + 128), data.answers.slice(0, lo, lo + 128), { train: true });
      model.backward();
      optimizer.update(model.params, clipGrads(model.grads, 5).grads);
    },
    lstm: () => {
      lstm.forward(xs);
      lstm.backward(dhs);
    },
  };
}

const sides = builds.map(workloads);
for (const name of ['lstm', 'attention']) {
  const time = (side) => {
    const t0 = performance.now();
    side[name]();
    return performance.now() - t0;
  };
  sides.forEach(time); // warm-up
  const ms = [[], []], ratios = [];
  for (let r = 0; r < rounds; r++) {
    const t = [0, 0];
    for (const s of r % 2 ? [1, 0] : [0, 1]) t[s] = time(sides[s]);
    ms[0].push(t[0]);
    ms[1].push(t[1]);
    ratios.push(t[0] / t[1]);
  }
  console.log(`${name}: before ${median(ms[0]).toFixed(1)} ms, after ${median(ms[1]).toFixed(1)} ms; before ÷ after, median of ${rounds} rounds: ${median(ratios).toFixed(2)}× (spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
}
