// Shared by the JavaScript peers: timing and the JSON line format bench/run.mjs reads.
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median milliseconds of `f` over `n` runs after `warmup` untimed ones. */
/** BENCH_CLOCK=cpu: the process's CPU time instead of the wall clock (on a machine with more runnable processes than cores; one thread). */
const clock = process.env.BENCH_CLOCK === 'cpu'
  ? () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
  : () => performance.now();

export function timeIterations(f, n, warmup = 3) {
  for (let i = 0; i < warmup; i++) f();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = clock();
    f();
    times.push(clock() - t0);
  }
  return median(times);
}

export function report(o) {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}
