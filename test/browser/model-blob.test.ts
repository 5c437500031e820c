import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelFromBlob, modelToBlob } from '../../src/browser/model-blob.js';
import { FileFormatError, Rng, SimpleConvNet, Tensor, TwoLayerNet, ValueError, modelFileBytes } from '../../src/index.js';
import { snapshot } from '../helpers.js';

// Blob and File are Node globals too, so the browser's file functions are tested here as well as in Chromium.
describe('models as Blobs and Files', () => {
  it('a model goes to a Blob and back, MLP and CNN, with the same predictions', async () => {
    for (const net of [new TwoLayerNet(6, 4, 3, { activation: 'sigmoid', seed: 5 }), new SimpleConvNet({ inputDim: [1, 10, 10], filterNum: 3, filterSize: 3, hiddenSize: 5, outputSize: 4, seed: 2 })]) {
      const blob = modelToBlob(net);
      assert.equal(blob.type, 'application/octet-stream');
      assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), modelFileBytes(net));
      const back = await modelFromBlob(blob);
      const x = Tensor.randn([2, ...net.inputShape], new Rng(1));
      assert.deepEqual(snapshot(back.predict(x)), snapshot(net.predict(x)));
      assert.deepEqual(back.config(), net.config());
    }
  });

  it("a File's messages name it; a truncated or foreign file is a FileFormatError", async () => {
    const bytes = modelFileBytes(new TwoLayerNet(6, 4, 3)) as Uint8Array<ArrayBuffer>;
    const cut = new File([bytes.slice(0, bytes.length - 5)], 'cut.safetensors');
    await assert.rejects(modelFromBlob(cut), (e: Error) => e instanceof FileFormatError && /^cut\.safetensors: /.test(e.message) && /truncated|bytes|end/.test(e.message));
    const text = new File(['hello, this is a text file and not a model'], 'notes.txt');
    await assert.rejects(modelFromBlob(text), (e: Error) => e instanceof FileFormatError && /^notes\.txt: not a valid safetensors file/.test(e.message));
    await assert.rejects(modelFromBlob(new Blob([]), 'empty upload'), (e: Error) => e instanceof FileFormatError && /^empty upload: /.test(e.message));
  });

  it('refuses a file above the size limit before reading it', async () => {
    const bytes = modelFileBytes(new TwoLayerNet(6, 4, 3)) as Uint8Array<ArrayBuffer>;
    const big = new File([bytes], 'big.safetensors');
    await assert.rejects(modelFromBlob(big, undefined, { maxBytes: bytes.length - 1 }), (e: Error) => e instanceof FileFormatError && e.message === `big.safetensors: ${bytes.length} bytes is above the ${bytes.length - 1}-byte limit for a model file; is this a model written by scratchnet?`);
    // a Blob whose reading would throw proves that nothing was read
    const unreadable = Object.assign(new Blob([bytes]), { arrayBuffer: () => assert.fail('read a file above the limit') });
    await assert.rejects(modelFromBlob(unreadable, 'x', { maxBytes: 10 }), FileFormatError);
    assert.ok(await modelFromBlob(big, undefined, { maxBytes: bytes.length }));
    await assert.rejects(modelFromBlob(big, undefined, { maxBytes: 0 }), ValueError);
  });

  it('a file that cannot be read is a FileFormatError with the reason', async () => {
    const broken = Object.assign(new Blob([new Uint8Array(10)]), { arrayBuffer: () => Promise.reject(new DOMException('the file changed on disk', 'NotReadableError')) });
    await assert.rejects(modelFromBlob(broken, 'moved.safetensors'), (e: Error) => e instanceof FileFormatError && e.message === 'moved.safetensors: cannot read (NotReadableError: the file changed on disk); choose the file again');
  });
});
