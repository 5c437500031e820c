// Attention seq2seq on the date task (the book's ch08/train.py): 50,000 dates written in many human
// formats → YYYY-MM-DD, questions reversed, word vectors 16, hidden 256, batch 128, Adam, gradients
// clipped to 5, 3 epochs; exact-match accuracy on the held-out tenth after each epoch.
// Run: node examples/seq/dates.mjs [epochs]   → examples/out/dates.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { AttentionSeq2seq, datesText, getBackend, lineChartSvg, parseSeq2seqText, splitSeq2seq, trainSeq2seq } from 'scratchnet';

const epochs = Number(process.argv[2] ?? 3);
const data = parseSeq2seqText(datesText(50000, { seed: 1 }), { reverse: true });
const { train, test } = splitSeq2seq(data, { seed: 1984, testFraction: 0.1 });
const model = new AttentionSeq2seq({ vocabSize: data.vocab.size, wordvecSize: 16, hiddenSize: 256, seed: 1 });
console.log(`${train.questions.shape[0]} training and ${test.questions.shape[0]} test dates, vocabulary ${data.vocab.size}, on ${getBackend().name}`);
const started = performance.now();
const result = trainSeq2seq(model, { train, test }, {
  epochs, batchSize: 128, maxGrad: 5, seed: 1,
  onIteration: ({ iter, iters, loss }) => {
    if (iter % 20 === 0) console.log(`iter ${iter}/${iters} loss ${loss.toFixed(4)} (${((performance.now() - started) / 1000 / iter).toFixed(2)} s per iteration)`);
  },
  onEpoch: (e) => console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, test exact-match accuracy ${e.testAcc.toFixed(4)} (${e.seconds.toFixed(0)} s)`),
});
const chart = {
  xLabel: 'epochs', yLabel: 'exact-match accuracy', yRange: [0, 1], legend: 'bottom',
  series: [{ name: 'attention seq2seq (test)', points: [[0, 0], ...result.history.map((e) => [e.epoch, e.testAcc])] }],
};
mkdirSync(new URL('../out/', import.meta.url), { recursive: true });
const file = new URL('../out/dates.svg', import.meta.url);
writeFileSync(file, lineChartSvg([chart], { title: 'Attention seq2seq on dates' }));
console.log(`wrote ${file.pathname}; final test accuracy ${result.testAcc.toFixed(4)} after ${epochs} epochs, ${(result.seconds / 60).toFixed(1)} minutes`);
