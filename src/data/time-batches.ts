import { ValueError } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';

/** Where a {@link TimeBatcher} is, for checkpoints. */
export interface TimeBatcherState {
  readonly timeIdx: number;
}

/**
 * The book's RnnlmTrainer.get_batch, for truncated backpropagation through time over one long corpus:
 * the corpus is read by `batchSize` cursors spaced size / batchSize apart, each batch taking the next
 * `timeSize` ids of every cursor, so row n of one batch continues row n of the previous one and a
 * stateful LSTM's state carries over. xs are the ids, ts the ids one position later.
 *
 * @example
 * ```ts
 * import { TimeBatcher } from 'scratchnet';
 * const corpus = Int32Array.from({ length: 21 }, (_, i) => i);
 * const batches = new TimeBatcher(corpus, 2, 3);
 * batches.next().xs.toArray(); // [[0, 1, 2], [10, 11, 12]]
 * batches.next().xs.toArray(); // [[3, 4, 5], [13, 14, 15]]
 * ```
 */
export class TimeBatcher {
  private timeIdx = 0;
  private readonly xs: Int32Array;
  private readonly ts: Int32Array;

  constructor(
    corpus: Int32Array,
    readonly batchSize: number,
    readonly timeSize: number,
  ) {
    if (!(corpus instanceof Int32Array)) throw new ValueError(`TimeBatcher: the corpus must be an Int32Array of ids, got ${corpus === null ? 'null' : typeof corpus}`);
    for (const [name, v] of [['batchSize', batchSize], ['timeSize', timeSize]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new ValueError(`TimeBatcher: ${name} must be a whole number ≥ 1, got ${v}`);
    }
    this.xs = corpus.subarray(0, corpus.length - 1);
    this.ts = corpus.subarray(1);
    if (this.itersPerEpoch === 0) {
      throw new ValueError(`TimeBatcher: a corpus of ${corpus.length} ids is too short for one batch of ${batchSize} × ${timeSize} (needs at least ${batchSize * timeSize + 1}); lower batchSize or timeSize`);
    }
  }

  /** The book's max_iters: ⌊(size − 1) / (batchSize · timeSize)⌋ batches per epoch. */
  get itersPerEpoch(): number {
    return Math.floor(this.xs.length / (this.batchSize * this.timeSize));
  }

  /** The next batch: xs and ts of shape (batchSize, timeSize). */
  next(): { xs: Tensor<'int32'>; ts: Tensor<'int32'> } {
    const { batchSize: B, timeSize: T } = this;
    const size = this.xs.length;
    const jump = Math.floor(size / B);
    const bx = new Int32Array(B * T);
    const bt = new Int32Array(B * T);
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < B; i++) {
        const at = (i * jump + this.timeIdx) % size;
        bx[i * T + t] = this.xs[at]!;
        bt[i * T + t] = this.ts[at]!;
      }
      this.timeIdx++;
    }
    return { xs: new Tensor<'int32'>(bx, [B, T]), ts: new Tensor<'int32'>(bt, [B, T]) };
  }

  /** Where the cursors are, for a checkpoint. */
  state(): TimeBatcherState {
    return { timeIdx: this.timeIdx };
  }

  /** Continues from a saved position (the same corpus and sizes). */
  loadState(state: TimeBatcherState): void {
    if (!Number.isSafeInteger(state?.timeIdx) || state.timeIdx < 0) throw new ValueError(`TimeBatcher.loadState: timeIdx must be a whole number ≥ 0, got ${state?.timeIdx}`);
    this.timeIdx = state.timeIdx;
  }
}
