/**
 * Draws Chamber's app icon (an agenda page with a gold approval seal on a navy
 * tile) and writes it as PNGs with plain Node (zlib), anti-aliased by 4×4
 * supersampling. The output is committed; rerun after changing the drawing:
 *   node --import tsx build/scripts/make-icon.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
/** A shape in a 512-unit design space: true where (x, y) is inside. */
type Shape = { inside: (x: number, y: number) => boolean; color: Rgba };

const navy: Rgba = [31, 58, 104, 255];
const paper: Rgba = [255, 255, 255, 255];
const ink: Rgba = [150, 166, 191, 255];
const gold: Rgba = [227, 167, 47, 255];

function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number) {
  return (x: number, y: number): boolean => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + radius - x, 0, x - (x1 - radius));
    const dy = Math.max(y0 + radius - y, 0, y - (y1 - radius));
    return dx * dx + dy * dy <= radius * radius;
  };
}

function circle(cx: number, cy: number, r: number) {
  return (x: number, y: number): boolean => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A stroke of the given half-width along the segment (ax, ay)–(bx, by), with round caps. */
function stroke(ax: number, ay: number, bx: number, by: number, halfWidth: number) {
  return (x: number, y: number): boolean => {
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
    return (x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= halfWidth * halfWidth;
  };
}

const shapes: Shape[] = [
  { inside: roundedRect(24, 24, 488, 488, 104), color: navy },
  { inside: roundedRect(132, 84, 364, 420, 18), color: paper },
  ...[150, 194, 238, 282].map((y, index) => ({
    inside: roundedRect(172, y, index === 3 ? 262 : 324, y + 16, 8),
    color: ink,
  })),
  { inside: circle(350, 374, 76), color: navy },
  { inside: circle(350, 374, 62), color: gold },
  { inside: stroke(320, 376, 342, 400, 9), color: paper },
  { inside: stroke(342, 400, 382, 350, 9), color: paper },
];

function colorAt(x: number, y: number): Rgba {
  let color: Rgba = [0, 0, 0, 0];
  for (const shape of shapes) if (shape.inside(x, y)) color = shape.color;
  return color;
}

export function renderIcon(size: number): Buffer {
  const samples = 4;
  const scale = 512 / size;
  const rowBytes = size * 4 + 1;
  const raw = Buffer.alloc(rowBytes * size);
  for (let py = 0; py < size; py++) {
    raw[py * rowBytes] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colorAt((px + (sx + 0.5) / samples) * scale, (py + (sy + 0.5) / samples) * scale);
          // Premultiply so edges against transparency do not darken.
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const offset = py * rowBytes + 1 + px * 4;
      raw[offset] = a ? Math.round(r / a) : 0;
      raw[offset + 1] = a ? Math.round(g / a) : 0;
      raw[offset + 2] = a ? Math.round(b / a) : 0;
      raw[offset + 3] = Math.round(a / (samples * samples));
    }
  }
  return encodePng(size, size, raw);
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** 8-bit RGBA, non-interlaced; `filteredRows` already carries each row's filter byte. */
function encodePng(width: number, height: number, filteredRows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filteredRows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const iconsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'icons');
  mkdirSync(iconsDir, { recursive: true });
  for (const size of [512, 256, 128, 64, 32]) {
    writeFileSync(path.join(iconsDir, `${size}x${size}.png`), renderIcon(size));
  }
  console.log(`Wrote icons to ${iconsDir}`);
}
