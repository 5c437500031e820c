// Shared by the JavaScript peers: timing and the JSON line format bench/run.mjs reads.
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median milliseconds of `f` over `n` runs after `warmup` untimed ones. */
export function timeIterations(f, n, warmup = 3) {
  for (let i = 0; i < warmup; i++) f();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function report(o) {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}
