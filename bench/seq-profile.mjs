// One training step of the book's AttentionSeq2seq on the date task (vocab 59, word vectors 16, hidden 256,
// batch 128, questions 29, answers 11) and TimeLSTM forward+backward (N 128, T 30, D 16, H 256): median ms
// over a few repetitions, on the default backend (SCRATCHNET_BACKEND chooses another). With --cpu-prof
// (node --cpu-prof bench/seq-profile.mjs) the profile shows where the time goes. SCRATCHNET_BENCH_DIST
// names another build's dist/src/index.js, to compare two builds in turn.
//
//   node bench/seq-profile.mjs [attention|lstm|both] [--reps R]
import { median } from './peers/common.mjs';

const lib = await import(process.env.SCRATCHNET_BENCH_DIST ?? '../dist/src/index.js');
const { Adam, AttentionSeq2seq, Rng, Tensor, TimeLSTM, clipGrads, datesText, getBackend, parseSeq2seqText } = lib;

const args = process.argv.slice(2);
const which = args.find((a) => !a.startsWith('--')) ?? 'both';
const reps = args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 5;

function timeIt(label, step) {
  step(); // warm-up
  const ms = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    step();
    ms.push(performance.now() - t0);
  }
  console.log(`${label}: ${median(ms).toFixed(1)} ms (median of ${reps}, ${getBackend().name})`);
  return median(ms);
}

if (which === 'attention' || which === 'both') {
  const data = parseSeq2seqText(datesText(1280, { seed: 1 }));
  const model = new AttentionSeq2seq({ vocabSize: data.vocab.size, wordvecSize: 16, hiddenSize: 256, seed: 1 });
  const optimizer = new Adam(0.001);
  let i = 0;
  const N = 128;
  const step = () => {
    const lo = (i++ % 10) * N;
    const q = data.questions.slice(0, lo, lo + N);
    const a = data.answers.slice(0, lo, lo + N);
    model.forward(q, a, { train: true });
    model.backward();
    optimizer.update(model.params, clipGrads(model.grads, 5).grads);
  };
  timeIt('AttentionSeq2seq step (dates, V 59, D 16, H 256, N 128)', step);
}

if (which === 'lstm' || which === 'both') {
  const rng = new Rng(1);
  const [N, T, D, H] = [128, 30, 16, 256];
  const lstm = new TimeLSTM(Tensor.randn([D, 4 * H], rng).mul(1 / Math.sqrt(D)), Tensor.randn([H, 4 * H], rng).mul(1 / Math.sqrt(H)), Tensor.zeros([4 * H]));
  const xs = Tensor.randn([N, T, D], rng);
  const dhs = Tensor.randn([N, T, H], rng);
  timeIt('TimeLSTM forward+backward (N 128, T 30, D 16, H 256)', () => {
    lstm.forward(xs);
    lstm.backward(dhs);
  });
}
