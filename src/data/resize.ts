/**
 * Resizing by area averaging: each output pixel is the mean of the source area it
 * covers, partly covered pixels weighted by the part covered (OpenCV's INTER_AREA
 * when shrinking; when enlarging, each output pixel takes the one or two source
 * pixels under it). Separable: rows first, then columns.
 */
import { ValueError } from '../errors/index.js';

/** For each output index along one axis: the source indices it covers and their weights (summing to 1). */
function areaWeights(n: number, m: number): { start: number; weights: Float64Array }[] {
  const scale = n / m;
  return Array.from({ length: m }, (_, j) => {
    const [lo, hi] = [j * scale, (j + 1) * scale];
    const start = Math.floor(lo);
    const end = Math.min(n, Math.ceil(hi - 1e-9));
    const weights = new Float64Array(Math.max(1, end - start));
    for (let i = start; i < start + weights.length; i++) weights[i - start] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
    return { start, weights };
  });
}

/**
 * Resizes interleaved pixels (`channels` values per pixel, row by row) to
 * `outHeight` × `outWidth` by area averaging, planar (CHW) in the result, each
 * value multiplied by `scale` (1/255 gives [0, 1]).
 *
 * @example
 * ```ts
 * import { resizeArea } from 'scratchnet';
 * const px = Float32Array.of(0, 100, 200, 50, 150, 250, 0, 0, 0, 0, 0, 0); // 4 × 3 gray, one value per pixel
 * console.log(resizeArea(px, 4, 3, 1, 2, 1)); // Float32Array [83.33..., 41.66...]: each output averages a 2 × 3 area
 * ```
 */
export function resizeArea(src: ArrayLike<number>, width: number, height: number, channels: number, outWidth: number, outHeight: number, scale = 1): Float32Array {
  for (const [k, v] of Object.entries({ width, height, channels, outWidth, outHeight })) {
    if (!Number.isSafeInteger(v) || v < 1) throw new ValueError(`resizeArea: ${k} must be a positive whole number, got ${v}`);
  }
  if (src.length !== width * height * channels) throw new ValueError(`resizeArea: ${width} × ${height} pixels of ${channels} channels need ${width * height * channels} values, got ${src.length}`);
  const across = areaWeights(width, outWidth);
  const down = areaWeights(height, outHeight);
  const rows = new Float64Array(height * outWidth * channels); // after the horizontal pass, still interleaved
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      const { start, weights } = across[x]!;
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let k = 0; k < weights.length; k++) s += weights[k]! * src[(y * width + start + k) * channels + c]!;
        rows[(y * outWidth + x) * channels + c] = s;
      }
    }
  }
  const out = new Float32Array(channels * outHeight * outWidth);
  for (let y = 0; y < outHeight; y++) {
    const { start, weights } = down[y]!;
    for (let x = 0; x < outWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let k = 0; k < weights.length; k++) s += weights[k]! * rows[((start + k) * outWidth + x) * channels + c]!;
        out[(c * outHeight + y) * outWidth + x] = s * scale;
      }
    }
  }
  return out;
}
