// The book's ch06/weight_init_activation_histogram.py: 1,000 random inputs through 5 layers of 100
// units; histograms of each layer's activations show how the initial weight scale shapes them.
// The script as shipped uses He weights (√(2/100)) with ReLU; --init 1, 0.01 or
// xavier with --activation sigmoid give the book's sigmoid figures, and tanh the text's variant.
// Run: npm run example -- ch06/weight_init_activation_histogram [--init he|xavier|N] [--activation relu|sigmoid|tanh]
//   → examples/out/book/ch06/weight_init_activation_histogram.svg (…-sigmoid-1.svg and so on for the other choices)
import { Rng, Tensor } from 'scratchnet';
import { example, fail } from '../lib/example.mjs';
import { figureSvg } from '../lib/figure.mjs';

const ex = example(import.meta.url, { init: 'he', activation: 'relu', seed: 0 });
const rng = new Rng(ex.flags.seed);
const nodeNum = 100; // units in each hidden layer
const hiddenLayerSize = 5;
const scales = { he: Math.sqrt(2.0 / nodeNum), xavier: Math.sqrt(1.0 / nodeNum) };
const std = scales[ex.flags.init] ?? Number(ex.flags.init);
if (!(std > 0)) fail(`--init must be he, xavier or a positive number, got '${ex.flags.init}'`);
const act = { relu: (a) => a.relu(), sigmoid: (a) => a.sigmoid(), tanh: (a) => a.tanh() }[ex.flags.activation];
if (act === undefined) fail(`--activation must be relu, sigmoid or tanh, got '${ex.flags.activation}'`);

const inputData = Tensor.randn([1000, 100], rng, { dtype: 'float64' }); // 1,000 samples
const activations = [];
let x = inputData;
for (let i = 0; i < hiddenLayerSize; i++) {
  if (i !== 0) x = activations[i - 1];
  const w = Tensor.randn([nodeNum, nodeNum], rng, { dtype: 'float64', std });
  const a = x.matmul(w);
  activations.push(act(a));
}

// histograms of 30 bins over (0, 1), as plt.hist(a.flatten(), 30, range=(0, 1))
const panels = activations.map((z, i) => {
  const counts = new Array(30).fill(0);
  for (const v of z.data) if (v >= 0 && v <= 1) counts[Math.min(29, Math.floor(v * 30))]++;
  const inside = counts.reduce((s, c) => s + c, 0);
  const mean = z.mean().item();
  const sd = Math.sqrt(z.sub(mean).square().mean().item());
  console.log(`${i + 1}-layer: mean ${mean.toFixed(4)}, std ${sd.toFixed(4)}, ${inside} of ${z.size} values in [0, 1]`);
  return { title: `${i + 1}-layer`, x: [0, 1], y: [0, 7000], ticks: true, bars: counts.map((c, k) => ({ x0: k / 30, x1: (k + 1) / 30, h: c })) };
});
const variant = ex.flags.init === 'he' && ex.flags.activation === 'relu' ? '' : `-${ex.flags.activation}-${ex.flags.init}`;
ex.save(`weight_init_activation_histogram${variant}.svg`, figureSvg(panels, { cols: 5, size: [160, 200], title: `Activations of 5 layers: ${ex.flags.activation}, weights with std ${ex.flags.init === 'he' ? '√(2/n)' : ex.flags.init === 'xavier' ? '1/√n' : std}` }));
