// A table: 500 made-up flats (area, rooms, city, a balcony or not) and their prices, learned from a CSV
// file as `scratchnet train --data flats.csv --target price` does it: a fifth held back for validation,
// the preprocessing fitted on the rest, an MLP with He init and Adam, early stopping keeping the best
// epoch, and the model saved with its preprocessing. The picture: predicted against true prices of the
// held-back flats.
// Run: node examples/table.mjs [--quick] [--out DIR]   → examples/out/table.svg, flats.csv, flats.safetensors
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, MultiLayerNet, Predictor, Preprocessing, Rng, loadCsv, loadPredictor, saveModel, scatterSvg, splitValidation, takeTableRows, Tensor, train } from 'scratchnet';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(outDir, { recursive: true });

// the file, as a spreadsheet would export it
const rng = new Rng(3);
const rows = Array.from({ length: 500 }, () => {
  const area = 25 + 125 * rng.random();
  const rooms = 1 + Math.floor(area / 28);
  const city = ['Lyon', 'Paris', 'Nice', 'Lille'][rng.int(4)];
  const balcony = rng.random() < 0.4 ? 'yes' : 'no';
  const perM2 = { Lyon: 4500, Paris: 9500, Nice: 5200, Lille: 3300 }[city];
  const price = area * perM2 * (1 - 0.002 * Math.max(0, area - 80)) + 8000 * rooms + (balcony === 'yes' ? 15000 : 0) + 12000 * rng.normal();
  return `${area.toFixed(1)},${rooms},${city},${balcony},${Math.round(price)}`;
});
const csv = join(outDir, 'flats.csv');
writeFileSync(csv, `area,rooms,city,balcony,price\n${rows.join('\n')}\n`);

// read it; hold a fifth back (the row indices split as train() splits samples); fit on the rest
const { table } = loadCsv(csv, { target: 'price' });
const n = table.rows.length;
const parts = splitValidation({ images: Tensor.from(Array.from({ length: n }, (_, i) => [i])), labels: new Float32Array(n) }, 0.2, 0, 'mean-squared-error');
const [trainRows, validRows] = [parts.train, parts.validation].map((p) => takeTableRows(table, Array.from(p.images.data)));
const prep = Preprocessing.fit(trainRows, { target: 'price' });
const [tr, va] = [prep.transform(trainRows), prep.transform(validRows)];
const net = new MultiLayerNet({ inputSize: prep.inputShape[0], hiddenSizes: [100, 100], outputSize: 1, weightInit: 'he', loss: 'mean-squared-error', seed: 0 });
const result = train(net, { train: { images: tr.x, labels: tr.y } }, {
  optimizer: new Adam(0.001), batchSize: 32, epochs: quick ? 30 : 500,
  validation: { images: va.x, labels: va.y }, earlyStopping: { patience: 20, minDelta: 1e-4 },
});
console.log(`${prep.featureNames.length} inputs (${prep.featureNames.join(', ')}); ${result.history.length} epochs, ${result.stopReason}${result.bestEpoch ? `, kept epoch ${result.bestEpoch}` : ''}`);

// saved with its preprocessing, read back, asked in euros
saveModel(join(outDir, 'flats.safetensors'), new Predictor(net, prep));
const flats = loadPredictor(join(outDir, 'flats.safetensors'));
const e = flats.evaluate(validRows);
console.log(`held-back flats: R² ${e.r2.toFixed(3)}, mean absolute error ${Math.round(e.mae)} euros (the noise alone: about 9600)`);
const [answer] = flats.predict([{ area: 70, rooms: 3, city: 'Paris', balcony: 'yes' }]);
console.log(`a 70 m² flat in Paris with 3 rooms and a balcony: ${Math.round(answer.value)} euros`);

const truth = validRows.rows.map((r) => Number(r[4]));
const guess = flats.predict(validRows).map((a) => a.value);
const top = Math.ceil(Math.max(...truth, ...guess) / 1e5) * 1e5;
const svg = scatterSvg({
  points: truth.map((t, i) => ({ x: t / 1000, y: guess[i] / 1000, group: ['Lyon', 'Paris', 'Nice', 'Lille'].indexOf(validRows.rows[i][2]) })),
  xRange: [0, top / 1000], yRange: [0, top / 1000],
  lines: [{ name: 'predicted = true', points: [[0, 0], [top / 1000, top / 1000]], dash: '5 4' }],
  groupNames: ['Lyon', 'Paris', 'Nice', 'Lille'], legend: 'top-left', xLabel: 'true price (thousand euros)', yLabel: 'predicted price (thousand euros)',
  title: `${validRows.rows.length} held-back flats: R² ${e.r2.toFixed(3)}, MAE ${Math.round(e.mae)} €`,
});
writeFileSync(join(outDir, 'table.svg'), svg);
console.log(`wrote ${join(outDir, 'table.svg')}: predicted against true prices of the held-back flats`);
