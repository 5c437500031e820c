// A character-level LSTM language model (the book's Rnnlm, ch06/train_rnnlm.py settings: word vectors
// 100, hidden 100, batch 20, 35 time steps, SGD lr 20, gradients clipped to 0.25) trained on scratchnet's
// own documentation (README.md and docs/*.md), the last tenth held out; the perplexity curve as SVG.
// Run: node examples/seq/rnnlm.mjs [epochs]   → examples/out/rnnlm.svg
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { Rnnlm, Vocabulary, getBackend, lineChartSvg, trainLanguageModel } from 'scratchnet';

const epochs = Number(process.argv[2] ?? 10);
const root = new URL('../../', import.meta.url);
const files = ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const text = files.map((f) => readFileSync(new URL(f, root), 'utf8')).join('\n');
const chars = [...new Set(text)];
const vocab = Vocabulary.fromChars(chars);
const ids = Int32Array.from(vocab.encode(text));
const cut = Math.floor(ids.length * 0.9);
const [train, validation] = [ids.subarray(0, cut), ids.subarray(cut)];
console.log(`${ids.length} characters (${files.length} files), vocabulary ${vocab.size}; ${train.length} to train, ${validation.length} held out; on ${getBackend().name}`);
const model = new Rnnlm({ vocabSize: vocab.size, wordvecSize: 100, hiddenSize: 100, seed: 1 });
const result = trainLanguageModel(model, train, {
  epochs, batchSize: 20, timeSize: 35, maxGrad: 0.25, validation,
  onEpoch: (e) => console.log(`epoch ${e.epoch}: training perplexity ${e.perplexity.toFixed(2)}, held-out perplexity ${e.validationPerplexity.toFixed(2)} (${e.seconds.toFixed(0)} s)`),
});
const chart = {
  xLabel: 'epochs', yLabel: 'perplexity', legend: 'top',
  series: [
    { name: 'training', points: result.history.map((e) => [e.epoch, e.perplexity]) },
    { name: 'held out', points: result.history.map((e) => [e.epoch, e.validationPerplexity]), dash: '6 4' },
  ],
};
mkdirSync(new URL('../out/', import.meta.url), { recursive: true });
const file = new URL('../out/rnnlm.svg', import.meta.url);
writeFileSync(file, lineChartSvg([chart], { title: 'A character-level Rnnlm on scratchnet’s documentation' }));
const last = result.history.at(-1);
console.log(`wrote ${file.pathname}; after ${last.epoch} epochs perplexity ${last.perplexity.toFixed(2)} (training), ${last.validationPerplexity.toFixed(2)} (held out), ${(result.seconds / 60).toFixed(1)} minutes`);
