/** A one-line progress bar for terminals: iterations, it/s, ETA and the current loss. */
export class ProgressBar {
  private last = 0;
  private readonly start = performance.now();
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(iter: number, iters: number, loss: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const seconds = (now - this.start) / 1000;
    const rate = iter / Math.max(seconds, 1e-9);
    const eta = (iters - iter) / Math.max(rate, 1e-9);
    const width = 24;
    const filled = Math.round((iter / iters) * width);
    const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
    const line = `[${bar}] ${iter}/${iters}  ${rate.toFixed(0)} it/s  ETA ${formatDuration(eta)}  loss ${loss.toFixed(4)}`;
    this.stream.write(`\r${line}\x1b[K`);
    this.shown = true;
  }

  /** Removes the bar so a normal line can be printed. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}:${String(s % 60).padStart(2, '0')}` : `${s}s`;
}
