/**
 * Telling ink from paper once the paper is subtracted: Otsu's threshold on the
 * ink strength, and the 8-connected strokes of the ink mask, so a speck of dust
 * or a noise pixel is not taken for part of the digit.
 */

/** Otsu's threshold of values in [0, 1]: the cut (256 levels) that maximises the variance between the two classes. */
export function otsuThreshold(values: Float32Array): number {
  const bins = new Float64Array(256);
  for (const v of values) bins[Math.min(255, Math.max(0, Math.floor(v * 256)))]!++;
  const n = values.length;
  let total = 0;
  for (let b = 0; b < 256; b++) total += b * bins[b]!;
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let cut = 0;
  for (let b = 0; b < 255; b++) {
    below += bins[b]!;
    sumBelow += b * bins[b]!;
    const above = n - below;
    if (below === 0 || above === 0) continue;
    const d = sumBelow / below - (total - sumBelow) / above;
    const between = below * above * d * d;
    if (between > best) [best, cut] = [between, b];
  }
  return (cut + 1) / 256;
}

/** 8-connected components of `mask` (w × h): a label per pixel (0 outside the mask, 1.. inside) and each label's area (areas[0] unused). */
export function inkComponents(mask: Uint8Array, w: number, h: number): { labels: Int32Array; areas: number[] } {
  const labels = new Int32Array(w * h);
  const areas = [0];
  const stack = new Int32Array(w * h);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const label = areas.length;
    let area = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const p = stack[--top]!;
      area++;
      const x = p % w;
      const y = (p - x) / w;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const X = x + dx;
          const Y = y + dy;
          if (X < 0 || X >= w || Y < 0 || Y >= h) continue;
          const q = Y * w + X;
          if (mask[q] && !labels[q]) {
            labels[q] = label;
            stack[top++] = q;
          }
        }
    }
    areas.push(area);
  }
  return { labels, areas };
}

/** A 3×3 mean (over the neighbours inside the picture): Gaussian noise drops to a third, strokes 3 pixels wide keep their level. */
export function blur3(v: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let Y = Math.max(0, y - 1); Y <= Math.min(h - 1, y + 1); Y++)
        for (let X = Math.max(0, x - 1); X <= Math.min(w - 1, x + 1); X++) {
          s += v[Y * w + X]!;
          n++;
        }
      out[y * w + x] = s / n;
    }
  return out;
}
