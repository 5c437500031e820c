// How well `predict` reads photo-like digits: MNIST test digits drawn onto gray, unevenly lit,
// noisy or dark paper, with thick or thin pens, off-centre, small, large or JPEG-compressed
// (digitPhoto), each prepared by toMnistInput and read by a saved model.
// Run: npx scratchnet train && node examples/photo-digits.mjs [model.safetensors] [digits]
// Prints the accuracy per kind of photo next to the model's accuracy on the same digits as MNIST gives them.
import { PHOTO_KINDS, PHOTO_KIND_NOTES, Rng, Tensor, digitPhoto, loadMnist, loadModel, toMnistInput } from 'scratchnet';

const file = process.argv[2] ?? 'model.safetensors';
const count = Number(process.argv[3] ?? 300);
const model = loadModel(file);
const { test } = loadMnist({ trainLimit: 1, testLimit: count });
const labels = test.labels;
const digit = (i) => test.images.data.subarray(i * 784, (i + 1) * 784);
const argmax = (x) => model.predict(Tensor.from(x, { shape: [1, ...model.inputShape] }), { train: false }).argmax(1)[0];

let clean = 0;
for (let i = 0; i < count; i++) if (argmax(digit(i)) === labels[i]) clean++;
console.log(`${file} on ${count} MNIST test digits: ${(clean / count).toFixed(3)} as MNIST gives them\n`);
console.log('| photo kind | accuracy | no digit found | what it is |');
console.log('|---|---|---|---|');
for (const kind of PHOTO_KINDS) {
  const rng = new Rng(7);
  let right = 0;
  let none = 0;
  for (let i = 0; i < count; i++) {
    const photo = digitPhoto(digit(i), kind, rng);
    let x;
    try {
      x = toMnistInput(photo.gray, photo.width, photo.height);
    } catch (e) {
      if (e.name !== 'NoDigitError') throw e;
      none++;
      continue;
    }
    if (argmax(x) === labels[i]) right++;
  }
  console.log(`| ${kind} | ${(right / count).toFixed(3)} | ${none} | ${PHOTO_KIND_NOTES[kind]} |`);
}
