// A small PNG writer for grayscale pictures (8-bit, one channel): enough for digits and filters.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** PNG bytes of a width × height picture of gray levels 0 (black) .. 255 (white), row by row. */
export function encodeGrayPng(width, height, gray) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 0; // grayscale
  const rows = Buffer.alloc(height * (width + 1)); // each row starts with filter type 0
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = gray[y * width + x];
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array(0))]);
}

/**
 * Small pictures side by side in a grid, each scaled up by `scale` (nearest neighbour), as the
 * book's matplotlib subplots show digits and filters. Each picture is { width, height, data }
 * with values mapped to gray from its own range (`each`) or from [lo, hi] given as `range`;
 * `dark` = 'high' draws large values dark (matplotlib's gray_r), 'low' draws them light.
 */
export function gridPng(pictures, { cols = 8, scale = 4, gap = 4, range = 'each', dark = 'high' } = {}) {
  const w = pictures[0].width * scale;
  const h = pictures[0].height * scale;
  const rowsN = Math.ceil(pictures.length / cols);
  const width = gap + Math.min(cols, pictures.length) * (w + gap);
  const height = gap + rowsN * (h + gap);
  const gray = new Uint8Array(width * height).fill(255);
  pictures.forEach((p, i) => {
    let lo = range === 'each' ? Infinity : range[0];
    let hi = range === 'each' ? -Infinity : range[1];
    if (range === 'each') for (const v of p.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const x0 = gap + (i % cols) * (w + gap);
    const y0 = gap + Math.floor(i / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = p.data[Math.floor(y / scale) * p.width + Math.floor(x / scale)];
        const t = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5;
        gray[(y0 + y) * width + x0 + x] = Math.round(255 * (dark === 'high' ? 1 - t : t));
      }
    }
  });
  return encodeGrayPng(width, height, gray);
}
