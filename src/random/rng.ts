import { ValueError } from '../errors/index.js';
import { portableLog } from './portable-math.js';

/** The saved state of an {@link Rng}: plain JSON, restorable with {@link Rng.fromState}. */
export interface RngState {
  readonly algorithm: 'xoshiro128**';
  /** The four 32-bit words of the generator state. */
  readonly s: readonly [number, number, number, number];
  /** A normal deviate left over from the last pair the polar method made, or null. */
  readonly spare: number | null;
}

/**
 * Seeded random numbers that are the same on every platform.
 *
 * Algorithm: **xoshiro128\*\*** (Blackman and Vigna), a 128-bit state seeded by
 * SplitMix32 from the seed. `random()` builds a 53-bit double from two outputs;
 * `normal()` uses the Marsaglia polar method with a portable logarithm, so the
 * same seed gives bit-identical numbers in every JavaScript engine.
 *
 * @example
 * ```ts
 * import { Rng } from 'scratchnet';
 * const rng = new Rng(42);
 * const saved = rng.state();
 * const a = rng.normal();
 * const b = Rng.fromState(saved).normal(); // a === b
 * ```
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ValueError(`Rng: seed must be a non-negative integer up to 2^53 − 1, got ${seed}`);
    }
    // SplitMix32 over the low and high halves of the seed fills the state.
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b9);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /**
   * An independent generator for one purpose (`stream`, e.g. 1 for dropout masks) derived from a seed,
   * so that one seed drives several random choices without them sharing numbers.
   */
  static derive(seed: number, stream: number): Rng {
    if (!Number.isSafeInteger(stream) || stream < 0 || stream >= 4096) throw new ValueError(`Rng.derive: stream must be an integer in 0 .. 4095, got ${stream}`);
    const base = new Rng(seed); // validates the seed and mixes it
    const mixed = (base.nextUint32() * 4096 + stream) % 9007199254740992;
    return new Rng(mixed);
  }

  /** A generator continuing from a saved {@link RngState}. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** The current state as plain JSON-safe data. */
  state(): RngState {
    return { algorithm: 'xoshiro128**', s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spare: this.spare };
  }

  /** Continue from a saved state (validated). */
  setState(state: RngState): void {
    const why = rngStateProblem(state);
    if (why !== null) {
      throw new ValueError(
        `Rng: not a valid xoshiro128** state: ${why} (expected { algorithm: 'xoshiro128**', s: four uint32 not all 0, spare: number | null }), got ${JSON.stringify(state)?.slice(0, 200)}`,
      );
    }
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    this.spare = state.spare;
  }

  /** The next raw 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** A standard normal deviate (mean 0, std 1), Marsaglia polar method. */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.random() - 1;
      v = 2 * this.random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * portableLog(s)) / s); // sqrt is exactly rounded everywhere
    this.spare = v * f;
    return u * f;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new ValueError(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n); // reject the biased tail
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** A random permutation of 0 .. n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`Rng.permutation: n must be a non-negative integer, got ${n}`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

/** What is wrong with a saved generator state (from a file, say), or null when {@link Rng.setState} takes it. */
export function rngStateProblem(state: unknown): string | null {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return 'not an object';
  const { algorithm, s, spare } = state as Record<string, unknown>;
  if (algorithm !== 'xoshiro128**') return `the algorithm is ${show(algorithm)}, not 'xoshiro128**'`;
  if (!Array.isArray(s) || s.length !== 4) return `s must be a list of 4 words, got ${Array.isArray(s) ? `${s.length} words` : show(s)}`;
  const bad = s.findIndex((w) => !(Number.isInteger(w) && w >= 0 && w <= 0xffffffff));
  if (bad >= 0) return `word ${bad} is ${show(s[bad])}, not an integer in 0 .. 4294967295`;
  if (s.every((w) => w === 0)) return 'the four words are all 0 (a fixed point)';
  if (spare !== null && !Number.isFinite(spare)) return `spare must be null or a finite number, got ${show(spare)}`;
  return null;
}

/** A value for an error message: numbers as JavaScript writes them (Infinity, not null), anything else as short JSON. */
function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : String(JSON.stringify(v)).slice(0, 40);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
