/**
 * Draws Outpost's app icon (a tent under a flag on a rounded square) into resources/icon.png, 1024×1024.
 * electron-builder derives .icns / .ico / Linux sizes from it. Run: `npx tsx scripts/make-icon.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodePng, type Rgba } from './package-checks/png';

const SIZE = 1024;
const SAMPLES = 3; // per axis: 9 samples per pixel smooth the edges

type Shape = (x: number, y: number) => boolean;

const roundedSquare: Shape = (x, y) => {
  const r = 0.2;
  const m = 0.06;
  const cx = Math.min(Math.max(x, m + r), 1 - m - r);
  const cy = Math.min(Math.max(y, m + r), 1 - m - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= m && x <= 1 - m && y >= m && y <= 1 - m;
};

const insideTriangle = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape => {
  const side = (px: number, py: number, qx: number, qy: number, x: number, y: number) =>
    (qx - px) * (y - py) - (qy - py) * (x - px);
  return (x, y) => {
    const s1 = side(ax, ay, bx, by, x, y);
    const s2 = side(bx, by, cx, cy, x, y);
    const s3 = side(cx, cy, ax, ay, x, y);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };
};

const tent = insideTriangle(0.5, 0.3, 0.22, 0.76, 0.78, 0.76);
const door = insideTriangle(0.5, 0.48, 0.41, 0.76, 0.59, 0.76);
const pole: Shape = (x, y) => x >= 0.492 && x <= 0.508 && y >= 0.18 && y <= 0.31;
const flag = insideTriangle(0.508, 0.18, 0.508, 0.26, 0.62, 0.22);

function colourAt(x: number, y: number): Rgba {
  if (!roundedSquare(x, y)) return [0, 0, 0, 0];
  if (door(x, y)) return [11, 13, 18, 255];
  if (tent(x, y) || pole(x, y)) return [250, 250, 250, 255];
  if (flag(x, y)) return [252, 211, 77, 255];
  // Emerald, a little lighter at the top.
  const t = y;
  return [Math.round(16 + 10 * (1 - t)), Math.round(150 + 40 * (1 - t)), Math.round(105 + 30 * (1 - t)), 255];
}

export function drawIcon(size = SIZE): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [r, g, b, a] = colourAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          sum[0]! += r * a;
          sum[1]! += g * a;
          sum[2]! += b * a;
          sum[3]! += a;
        }
      }
      const o = (py * size + px) * 4;
      const alpha = sum[3]!;
      pixels[o] = alpha ? Math.round(sum[0]! / alpha) : 0;
      pixels[o + 1] = alpha ? Math.round(sum[1]! / alpha) : 0;
      pixels[o + 2] = alpha ? Math.round(sum[2]! / alpha) : 0;
      pixels[o + 3] = Math.round(alpha / (SAMPLES * SAMPLES));
    }
  }
  return encodePng(size, size, pixels);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(import.meta.dirname, '../resources/icon.png');
  fs.writeFileSync(out, drawIcon());
  console.log(`wrote ${out}`);
}
