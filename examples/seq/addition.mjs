// Seq2seq on addition (the book's ch07: train_seq2seq.py): 50,000 sums of numbers with up to 3 digits,
// word vectors 16, hidden 128, batch 128, Adam, gradients clipped to 5, exact-match accuracy on the
// held-out tenth after each epoch, for the book's three models in its order: Seq2seq, Seq2seq with
// reversed questions, PeekySeq2seq with reversed questions. The three curves as SVG.
// Run: node examples/seq/addition.mjs [epochs (the book: 25)]   → examples/out/addition.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { PeekySeq2seq, Seq2seq, additionText, getBackend, lineChartSvg, parseSeq2seqText, splitSeq2seq, trainSeq2seq } from 'scratchnet';

const epochs = Number(process.argv[2] ?? 25);
const text = additionText(50000, { seed: 1 });
const runs = [
  ['seq2seq', Seq2seq, false],
  ['seq2seq, reversed', Seq2seq, true],
  ['peeky seq2seq, reversed', PeekySeq2seq, true],
];
const series = [];
for (const [name, Model, reverse] of runs) {
  const data = parseSeq2seqText(text, { reverse });
  const { train, test } = splitSeq2seq(data, { seed: 1984, testFraction: 0.1 });
  const model = new Model({ vocabSize: data.vocab.size, wordvecSize: 16, hiddenSize: 128, seed: 1 });
  console.log(`${name}: ${train.questions.shape[0]} training and ${test.questions.shape[0]} test sums, on ${getBackend().name}`);
  const result = trainSeq2seq(model, { train, test }, {
    epochs, batchSize: 128, maxGrad: 5, seed: 1,
    onEpoch: (e) => console.log(`  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, test exact-match accuracy ${e.testAcc.toFixed(4)} (${e.seconds.toFixed(0)} s)`),
  });
  series.push({ name, points: result.history.map((e) => [e.epoch, e.testAcc]), ...(series.length ? { dash: series.length === 1 ? '6 4' : '2 3' } : {}) });
}
mkdirSync(new URL('../out/', import.meta.url), { recursive: true });
const file = new URL('../out/addition.svg', import.meta.url);
writeFileSync(file, lineChartSvg([{ xLabel: 'epochs', yLabel: 'exact-match accuracy', yRange: [0, 1], legend: 'bottom', series }], { title: 'Seq2seq on addition' }));
console.log(`wrote ${file.pathname}; final accuracies: ${series.map((s) => `${s.name} ${s.points.at(-1)[1].toFixed(3)}`).join(', ')}`);
