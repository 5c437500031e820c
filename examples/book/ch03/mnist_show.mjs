// The book's ch03/mnist_show.py: the first training image of MNIST, its label and its shape before
// and after reshaping to 28×28. The book shows it with PIL; here it becomes a PNG.
// Run: npm run example -- ch03/mnist_show   → examples/out/book/ch03/mnist_show.png
import { Tensor, loadMnist } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { shapeStr } from '../lib/numpy.mjs';
import { gridPng } from '../lib/png.mjs';

const ex = example(import.meta.url, { scale: 4 });
const { train } = loadMnist({ flatten: true, normalize: false });

const img = new Tensor(train.images.data.subarray(0, 784), [784]); // x_train[0]
const label = train.labels[0];
console.log(label); // 5
console.log(shapeStr(img.shape)); // (784,)
const square = img.reshape(28, 28); // back to the image's own shape
console.log(shapeStr(square.shape)); // (28, 28)
// pixel values 0 .. 255 as gray levels, as PIL shows np.uint8(img): 0 black, 255 white; --scale N enlarges it
ex.save('mnist_show.png', gridPng([{ width: 28, height: 28, data: square.data }], { cols: 1, scale: ex.flags.scale, gap: 0, range: [0, 255], dark: 'low' }));
