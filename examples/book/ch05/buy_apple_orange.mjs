// The book's ch05/buy_apple_orange.py: 2 apples and 3 oranges with tax, as a graph of multiply and
// add nodes; one backward pass gives the derivative of the price with respect to every input.
// Run: npm run example -- ch05/buy_apple_orange
import { AddLayer, MulLayer } from 'scratchnet';
import { example } from '../lib/example.mjs';

example(import.meta.url);
const apple = 100;
const appleNum = 2;
const orange = 150;
const orangeNum = 3;
const tax = 1.1;

// layer
const mulAppleLayer = new MulLayer();
const mulOrangeLayer = new MulLayer();
const addAppleOrangeLayer = new AddLayer();
const mulTaxLayer = new MulLayer();

// forward
const applePrice = mulAppleLayer.forward(apple, appleNum); // (1)
const orangePrice = mulOrangeLayer.forward(orange, orangeNum); // (2)
const allPrice = addAppleOrangeLayer.forward(applePrice, orangePrice); // (3)
const price = mulTaxLayer.forward(allPrice, tax); // (4)

// backward
const dprice = 1;
const [dallPrice, dtax] = mulTaxLayer.backward(dprice); // (4)
const [dapplePrice, dorangePrice] = addAppleOrangeLayer.backward(dallPrice); // (3)
const [dorange, dorangeNum] = mulOrangeLayer.backward(dorangePrice); // (2)
const [dapple, dappleNum] = mulAppleLayer.backward(dapplePrice); // (1)

console.log('price:', Math.trunc(price));
console.log('dApple:', dapple);
console.log('dApple_num:', Math.trunc(dappleNum));
console.log('dOrange:', dorange);
console.log('dOrange_num:', Math.trunc(dorangeNum));
console.log('dTax:', dtax);
