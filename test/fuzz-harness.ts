/**
 * Seeded fuzzing of a reader of outside bytes. Each case comes from one named
 * mutator (aimed at one field of the format) and must either parse or throw a
 * ScratchnetError whose message matches exactly one entry of the reader's
 * table of checks. Asserted for every case: its time, and the growth of
 * memory outside V8's heap (typed arrays among it) across the call; every 1000
 * cases, the typed-array memory still held after a full collection. Reported and asserted at the end: the
 * number of distinct inputs and the number of cases that reached each check.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { TestContext } from 'node:test';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Rng, ScratchnetError } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Array buffers still held after a full collection (one pass can leave young buffers for the next). */
export function collectedArrayBuffers(): number {
  gc();
  gc();
  return process.memoryUsage().arrayBuffers;
}

/** A mutator's output that is a valid file by construction: it must parse. */
export class Valid {
  constructor(readonly input: unknown) {}
}

/** One seeded mutation: the input for the reader (usually bytes), or a {@link Valid} one. */
export type Mutator = (rng: Rng) => unknown;

export interface FuzzSpec {
  readonly name: string;
  readonly seed: number;
  readonly mutators: Readonly<Record<string, Mutator>>;
  readonly parse: (input: unknown) => unknown;
  /** What makes two inputs the same, when they are not plain bytes. */
  readonly key?: (input: unknown) => unknown;
  /** Every check of the reader by name, with a pattern of its error message; each rejection must match exactly one. */
  readonly checks: readonly (readonly [string, RegExp])[];
  readonly cases?: number;
  /** Fewest cases each check must see (default 20). */
  readonly minPerCheck?: number;
  /** Fewest distinct inputs (default 95% of the cases). */
  readonly minDistinct?: number;
  /** Per case bound on memory outside the heap allocated and not yet collected (default MAX_GROWTH), for readers whose normal work allocates more. */
  readonly maxGrowth?: number;
}

export const CASES = 10_000;
/** Per case: the bound on a hostile input's time (the fastest of up to 3 runs), far above a normal parse (well under 1 ms). */
export const MAX_MS = 250;
/** Per case: memory outside the heap (typed arrays) allocated by the reader and not yet collected when it returns; inputs hold a few kB of data. */
export const MAX_GROWTH = 1024 * 1024;
/** After a collection: typed arrays held beyond those held before the run. */
export const MAX_RETAINED = 1024 * 1024;

export interface FuzzReport {
  readonly distinct: number;
  readonly accepted: number;
  readonly perCheck: Readonly<Record<string, number>>;
  /** Distinct inputs made by each mutator. */
  readonly perMutator: Readonly<Record<string, number>>;
  readonly slowestMs: number;
  readonly maxGrowth: number;
  readonly maxRetained: number;
}

function fingerprint(input: unknown): string {
  const h = createHash('sha1');
  if (input instanceof Uint8Array) h.update(input);
  else h.update(`${Object.prototype.toString.call(input)}:${input instanceof ArrayBuffer ? Buffer.from(input).toString('hex') : String(input)}`);
  return h.digest('base64');
}

function describeInput(input: unknown): string {
  return input instanceof Uint8Array ? `${input.length} bytes` : Object.prototype.toString.call(input);
}

export function fuzz(spec: FuzzSpec, t: TestContext): FuzzReport {
  const { name, seed, mutators, parse, checks, key = (x: unknown) => x, cases = CASES, minPerCheck = 20, minDistinct = Math.ceil(cases * 0.95), maxGrowth: growthBound = MAX_GROWTH } = spec;
  const rng = new Rng(seed);
  const names = Object.keys(mutators);
  const perCheck: Record<string, number> = Object.fromEntries(checks.map(([c]) => [c, 0]));
  const perMutator: Record<string, Set<string>> = Object.fromEntries(names.map((m) => [m, new Set<string>()]));
  const seen = new Set<string>();
  let accepted = 0;
  let slowestMs = 0;
  let maxGrowth = 0;
  let maxRetained = 0;
  let retimed = 0;
  const baseline = collectedArrayBuffers();
  for (let c = 0; c < cases; c++) {
    const mutator = names[c % names.length]!;
    const made = mutators[mutator]!(rng);
    const mustParse = made instanceof Valid;
    const input = made instanceof Valid ? made.input : made;
    const id = fingerprint(key(input));
    seen.add(id);
    perMutator[mutator]!.add(id);
    const where = `${name} case ${c} (seed ${seed}, mutator '${mutator}', ${describeInput(input)})`;
    const before = getHeapStatistics().external_memory;
    const t0 = performance.now();
    let error: unknown = null;
    try {
      parse(input);
    } catch (e) {
      error = e;
    }
    let ms = performance.now() - t0;
    const growth = getHeapStatistics().external_memory - before;
    // a hostile input is slow every time; a pause of the collector or of a shared machine is not
    for (let again = 0; again < 2 && ms >= MAX_MS; again++) {
      retimed++;
      const t1 = performance.now();
      try {
        parse(input);
      } catch {
        // the outcome was recorded above
      }
      ms = Math.min(ms, performance.now() - t1);
    }
    if (error === null) {
      accepted++;
    } else {
      if (!(error instanceof ScratchnetError)) assert.fail(`${where}: untyped ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
      if (mustParse) assert.fail(`${where}: a valid input was refused: ${error.message}`);
      const hits = checks.filter(([, pattern]) => pattern.test(error.message));
      if (hits.length !== 1) assert.fail(`${where}: the message matches ${hits.length === 0 ? 'no check' : `several checks (${hits.map(([n]) => n).join(', ')})`}: ${error.message}`);
      perCheck[hits[0]![0]]!++;
    }
    slowestMs = Math.max(slowestMs, ms);
    maxGrowth = Math.max(maxGrowth, growth);
    assert.ok(ms < MAX_MS, `${where} took ${ms.toFixed(0)} ms (the fastest of 3 runs)`);
    assert.ok(growth < growthBound, `${where}: memory outside the heap (typed arrays) grew by ${growth} bytes across the call`);
    if (c % 1000 === 999 || c === cases - 1) {
      const retained = collectedArrayBuffers() - baseline;
      maxRetained = Math.max(maxRetained, retained);
      assert.ok(retained < MAX_RETAINED, `${where}: after a collection typed arrays hold ${retained} bytes more than before the run`);
    }
  }
  const distinctPerMutator = Object.fromEntries(Object.entries(perMutator).map(([k, v]) => [k, v.size]));
  const report: FuzzReport = { distinct: seen.size, accepted, perCheck, perMutator: distinctPerMutator, slowestMs, maxGrowth, maxRetained };
  t.diagnostic(`${name}: ${cases} cases, ${seen.size} distinct inputs, ${accepted} parsed; slowest case ${slowestMs.toFixed(2)} ms (${retimed} runs repeated); ` +
    `largest growth across a call ${maxGrowth} bytes; largest held after a collection ${maxRetained} bytes`);
  t.diagnostic(`${name}: cases per check: ${Object.entries(perCheck).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  t.diagnostic(`${name}: distinct inputs per mutator (of ${Math.ceil(cases / names.length)}): ${Object.entries(distinctPerMutator).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  assert.ok(seen.size >= minDistinct, `${name}: only ${seen.size} distinct inputs of ${cases} (at least ${minDistinct} expected)`);
  const starved = Object.entries(perCheck).filter(([, n]) => n < minPerCheck);
  assert.equal(starved.length, 0, `${name}: checks reached fewer than ${minPerCheck} times: ${starved.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return report;
}

/** One of `xs`, chosen by the seeded generator. */
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;

/** `n` seeded random bytes. */
export const randomBytes = (rng: Rng, n: number): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: n }, () => rng.int(256));

/** Format-blind damage shared by the fuzzers: bit flips, a random run, a cut, junk appended, or a slice removed. */
export function damageBytes(rng: Rng, b: Uint8Array): Uint8Array<ArrayBuffer> {
  if (b.length === 0) return randomBytes(rng, 1 + rng.int(8));
  const out = b.slice();
  switch (rng.int(5)) {
    case 0:
      for (let i = rng.int(4) + 1; i > 0; i--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      return out;
    case 1:
      for (let i = rng.int(out.length), n = rng.int(12) + 1; n > 0 && i < out.length; i++, n--) out[i] = rng.int(256);
      return out;
    case 2:
      return out.subarray(0, rng.int(out.length));
    case 3: {
      const more = new Uint8Array(out.length + 1 + rng.int(40));
      more.set(out);
      more.set(randomBytes(rng, more.length - out.length), out.length);
      return more;
    }
    default: {
      const at = rng.int(out.length), end = Math.min(out.length, at + rng.int(16) + 1);
      const less = new Uint8Array(out.length - (end - at));
      less.set(out.subarray(0, at));
      less.set(out.subarray(end), at);
      return less;
    }
  }
}
