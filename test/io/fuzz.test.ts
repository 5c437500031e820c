import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Adam, MultiLayerNetExtend, Rng, ScratchnetError, Tensor, Trainer, decodeCheckpoint, decodeSafetensors, encodeCheckpoint,
  encodeIdx, encodeSafetensors, parseIdx,
} from '../../src/index.js';

const CASES = 10_000;
const MAX_MS = 250; // per case
const MAX_ARRAY_BUFFERS = 256 * 1024 * 1024; // bytes held by typed arrays at any check

/** One seeded mutation of `base`: bit flips, truncation, overwrites, huge numbers, junk, or a hostile JSON header. */
function mutate(base: Uint8Array, rng: Rng, headerAt: [number, number] | null): Uint8Array {
  const b = base.slice();
  const pos = () => rng.int(Math.max(1, b.length));
  switch (rng.int(headerAt ? 9 : 6)) {
    case 0: // flip 1-8 bits
      for (let i = rng.int(8) + 1; i > 0; i--) b[pos()]! ^= 1 << rng.int(8);
      return b;
    case 1: // truncate
      return b.subarray(0, rng.int(b.length));
    case 2: // random bytes over a run
      for (let i = pos(), n = rng.int(16) + 1; n > 0 && i < b.length; i++, n--) b[i] = rng.int(256);
      return b;
    case 3: { // a huge or boundary 32-bit number at a random aligned place (sizes, lengths, dimensions)
      const v = [0xffffffff, 0x7fffffff, 0x80000000, 0, 1, 0xe8d4a51000 % 2 ** 32][rng.int(6)]!;
      const i = rng.int(Math.max(1, Math.floor(b.length / 4))) * 4;
      if (i + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(i, v, rng.int(2) === 0);
      return b;
    }
    case 4: { // junk appended
      const extra = Uint8Array.from({ length: rng.int(64) + 1 }, () => rng.int(256));
      return Uint8Array.from([...b, ...extra]);
    }
    case 5: // duplicated middle
      return Uint8Array.from([...b.subarray(0, pos()), ...b.subarray(pos())]);
    default: { // rewrite the JSON header: bogus offsets, wrong dtypes, 1e12 elements, non-UTF-8, deep nesting
      const [start, end] = headerAt!;
      let text = new TextDecoder().decode(b.subarray(start, end));
      const choice = rng.int(6);
      if (choice === 0) text = text.replace(/\d+/, String([1e12, 2 ** 53, -1, 1.5, 1e308][rng.int(5)]));
      else if (choice === 1) text = text.replace(/"F(32|64)"/, ['"F16"', '"I64"', '"Q9"', '3', 'null'][rng.int(5)]!);
      else if (choice === 2) text = text.replace(/\[(\d+),/, '[1000000,1000000,');
      else if (choice === 3) text = '['.repeat(rng.int(100000) + 10) + text;
      else if (choice === 4) text = text.replace(/"shape":\[[^\]]*\]/, '"shape":[1000000000000]');
      const bytes = new TextEncoder().encode(text);
      const out = new Uint8Array(8 + bytes.length + (b.length - end));
      new DataView(out.buffer).setUint32(0, bytes.length, true);
      out.set(bytes, 8);
      out.set(b.subarray(end), 8 + bytes.length);
      if (choice === 5) out[8 + rng.int(Math.max(1, bytes.length))] = 0xff; // not UTF-8
      return out;
    }
  }
}

function headerRange(bytes: Uint8Array): [number, number] {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return [8, 8 + n];
}

/** Every case parses or throws a typed error, quickly, without holding large buffers. */
function fuzz(name: string, base: Uint8Array, parse: (b: Uint8Array) => unknown, json: boolean, seed: number): void {
  const rng = new Rng(seed);
  let parsed = 0;
  let rejected = 0;
  let slowest = 0;
  for (let c = 0; c < CASES; c++) {
    const input = mutate(base, rng, json ? headerRange(base) : null);
    const t0 = performance.now();
    try {
      parse(input);
      parsed++;
    } catch (e) {
      if (!(e instanceof ScratchnetError)) assert.fail(`${name} case ${c} (seed ${seed}): untyped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      rejected++;
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    assert.ok(ms < MAX_MS, `${name} case ${c} (seed ${seed}) took ${ms.toFixed(0)} ms`);
    if (c % 1000 === 0) assert.ok(process.memoryUsage().arrayBuffers < MAX_ARRAY_BUFFERS, `${name} case ${c}: ${process.memoryUsage().arrayBuffers} bytes in typed arrays`);
  }
  assert.equal(parsed + rejected, CASES);
  assert.ok(rejected > CASES / 2, `${name}: only ${rejected} of ${CASES} mutations were rejected`);
}

describe(`hostile files: ${CASES} seeded mutations per reader`, () => {
  it('IDX reader', () => {
    const base = encodeIdx([3, 4, 5], Uint8Array.from({ length: 60 }, (_, i) => i));
    fuzz('IDX', base, (b) => parseIdx(b, 'fuzz.idx'), false, 1);
  });

  it('safetensors reader', () => {
    const rng = new Rng(2);
    const base = encodeSafetensors({ W1: Tensor.randn([4, 3], rng), b1: Tensor.zeros([3]), W2: Tensor.randn([3, 2], rng, { dtype: 'float64' }) }, { k: 'v' });
    fuzz('safetensors', base, (b) => decodeSafetensors(b, 'fuzz.safetensors'), true, 3);
  });

  it('checkpoint reader', () => {
    const rng = new Rng(4);
    const model = new MultiLayerNetExtend({ inputSize: 6, hiddenSizes: [5], outputSize: 3, useBatchnorm: true, useDropout: true, seed: 1 });
    const data = { train: { images: Tensor.randn([20, 6], rng), labels: Int32Array.from({ length: 20 }, (_, i) => i % 3) } };
    const trainer = new Trainer(model, data, { optimizer: new Adam(), iters: 7, batchSize: 5 });
    while (!trainer.done) trainer.step();
    const config = { runId: 'f00d', model: model.config(), optimizer: { name: 'adam', hyper: trainer.optimizer.hyper }, batchSize: 5, iters: 7, seed: 0, sampling: 'shuffle' };
    const base = encodeCheckpoint(trainer, config);
    decodeCheckpoint(base); // the unmutated file is valid
    fuzz('checkpoint', base, (b) => decodeCheckpoint(b, 'fuzz-ckpt.safetensors'), true, 5);
  });
});
