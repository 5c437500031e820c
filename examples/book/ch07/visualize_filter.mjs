// The book's ch07/visualize_filter.py: SimpleConvNet's 30 first-layer filters (5×5) as pictures,
// random at initialization and after training: noise, then edges and blobs.
// Run: npm run example -- ch07/visualize_filter [--weights params.pkl]
// The weights: the book's params.pkl with --weights, else what ch07/train_convnet saved.
//   → examples/out/book/ch07/visualize_filter-random.png, visualize_filter-trained.png
import { SimpleConvNet } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { gridPng } from '../lib/png.mjs';
import { requireWeights } from '../lib/weights.mjs';

const ex = example(import.meta.url, { weights: null, seed: 0 });

/** Each filter's 5×5 weights as a picture, 8 to a row, dark where the weight is large (gray_r). */
function filterShow(filters, file, nx = 8) {
  const [FN, , FH, FW] = filters.shape;
  const pictures = Array.from({ length: FN }, (_, i) => ({ width: FW, height: FH, data: filters.data.subarray(i * FH * FW, (i + 1) * FH * FW) }));
  ex.save(file, gridPng(pictures, { cols: nx, scale: 10, gap: 3, dark: 'high' }));
}

const network = new SimpleConvNet({ seed: ex.flags.seed });
filterShow(network.params.W1, 'visualize_filter-random.png'); // the weights after random initialization
console.log(requireWeights(ex, network, { file: ex.flags.weights, name: 'params', trainer: 'ch07/train_convnet', book: 'ch07/params.pkl' }));
filterShow(network.params.W1, 'visualize_filter-trained.png'); // after training
