// The book's ch05/layer_naive.py defines the multiply and add nodes, MulLayer and AddLayer, that
// buy_apple and buy_apple_orange use; it prints nothing. scratchnet's are MulLayer and AddLayer
// (src/graph); this example runs each once forward and backward, on numbers and on tensors.
// Run: npm run example -- ch05/layer_naive
import { AddLayer, MulLayer, Tensor } from 'scratchnet';
import { example } from '../lib/example.mjs';

example(import.meta.url);
const mul = new MulLayer();
console.log(`MulLayer: forward(100, 2) = ${mul.forward(100, 2)}; backward(1) = [${mul.backward(1).join(', ')}]  (each input gets dout times the other)`);
const add = new AddLayer();
console.log(`AddLayer: forward(200, 450) = ${add.forward(200, 450)}; backward(1.1) = [${add.backward(1.1).join(', ')}]  (dout passes through unchanged)`);
const x = Tensor.from([1, 2, 3]);
const y = Tensor.from([4, 5, 6]);
const z = mul.forward(x, y);
const [dx, dy] = mul.backward(Tensor.ones([3]));
console.log(`on tensors, element by element: x·y = ${JSON.stringify(z.toArray())}, dx = ${JSON.stringify(dx.toArray())}, dy = ${JSON.stringify(dy.toArray())}`);
