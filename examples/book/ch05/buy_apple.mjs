// The book's ch05/buy_apple.py: 2 apples at 100 yen with 10% tax as a computational graph of two
// multiply nodes; backward gives how the price changes with each input.
// Run: npm run example -- ch05/buy_apple
import { MulLayer } from 'scratchnet';
import { example } from '../lib/example.mjs';

example(import.meta.url);
const apple = 100;
const appleNum = 2;
const tax = 1.1;

const mulAppleLayer = new MulLayer();
const mulTaxLayer = new MulLayer();

// forward
const applePrice = mulAppleLayer.forward(apple, appleNum);
const price = mulTaxLayer.forward(applePrice, tax);

// backward
const dprice = 1;
const [dapplePrice, dtax] = mulTaxLayer.backward(dprice);
const [dapple, dappleNum] = mulAppleLayer.backward(dapplePrice);

console.log('price:', Math.trunc(price));
console.log('dApple:', dapple);
console.log('dApple_num:', Math.trunc(dappleNum));
console.log('dTax:', dtax);
