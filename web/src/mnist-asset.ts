import { Tensor } from '../../src/browser';

export interface Subset {
  train: { images: Tensor; labels: Int32Array };
  test: { images: Tensor; labels: Int32Array };
}

/** Reads mnist-subset.bin (see web/scripts/prepare-assets.mjs): "SNM1", counts, images and labels. */
export function parseSubset(buf: ArrayBuffer, flatten: boolean): Subset {
  const bytes = new Uint8Array(buf);
  const ok = bytes.length >= 12 && bytes[0] === 0x53 && bytes[1] === 0x4e && bytes[2] === 0x4d && bytes[3] === 0x31;
  if (!ok) throw new Error('mnist-subset.bin is not a scratchnet MNIST subset (bad magic)');
  const view = new DataView(buf);
  const nTrain = view.getUint32(4, true);
  const nTest = view.getUint32(8, true);
  if (bytes.length !== 12 + (nTrain + nTest) * 785) throw new Error(`mnist-subset.bin has ${bytes.length} bytes, expected ${12 + (nTrain + nTest) * 785}`);
  let at = 12;
  const take = (n: number) => {
    const part = bytes.subarray(at, at + n);
    at += n;
    return part;
  };
  const images = (n: number) => {
    const raw = take(n * 784);
    const x = new Float32Array(raw.length); // a plain loop: Float32Array.from with a map function takes seconds here
    for (let i = 0; i < raw.length; i++) x[i] = raw[i]! / 255;
    return new Tensor(x, flatten ? [n, 784] : [n, 1, 28, 28]);
  };
  const trainImages = images(nTrain);
  const trainLabels = Int32Array.from(take(nTrain));
  const testImages = images(nTest);
  const testLabels = Int32Array.from(take(nTest));
  return { train: { images: trainImages, labels: trainLabels }, test: { images: testImages, labels: testLabels } };
}
