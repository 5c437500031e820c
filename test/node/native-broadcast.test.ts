import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, referenceKernels as ref, type BinaryOp } from '../../src/index.js';
import { firstBitDifference, isas, nativeKernels, skipUnlessNative } from './native-helpers.js';

describe('native element-wise ops over (N, T, H) broadcasts', { skip: skipUnlessNative() }, () => {
  it('give the reference’s bits for the attention layers’ (N, T, H) ⊙ (N, 1, H) and (N, T, H) ⊙ (N, T, 1), either order', () => {
    const rng = new Rng(9);
    const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div'];
    const k = nativeKernels(isas()[0]!, 1);
    for (let trial = 0; trial < 30; trial++) {
      const [N, T, H] = [2 + rng.int(20), 1 + rng.int(30), 16 + rng.int(300)];
      const big = Float32Array.from({ length: N * T * H }, () => rng.normal());
      const row = Float32Array.from({ length: N * H }, () => rng.normal()), col = Float32Array.from({ length: N * T }, () => rng.normal());
      const [small, sStrides] = trial % 2 ? [row, [H, 0, 1]] : [col, [T, 1, 0]];
      const op = ops[trial % ops.length]!;
      const swap = trial % 3 === 0;
      const args = swap ? ([small, sStrides, big, [T * H, H, 1]] as const) : ([big, [T * H, H, 1], small, sStrides] as const);
      const want = ref.binary(op, args[0], args[1], args[2], args[3], null, [N, T, H]);
      const got = k.binary(op, args[0], args[1], args[2], args[3], null, [N, T, H]);
      assert.equal(firstBitDifference(got as Float32Array, want as Float32Array), -1, `${op} (${N}, ${T}, ${H}) ${trial % 2 ? 'row' : 'column'} broadcast${swap ? ', swapped' : ''}`);
    }
  });
});
