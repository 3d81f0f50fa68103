// Draws the console's app icons (a white open ring, the "continuum", on the brand blue) as PNGs
// with nothing but zlib, so that no image tool or download is needed. Run once after changing
// the art: node scripts/make-icons.mjs. The SVG beside them is the same drawing.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BRAND = [0x12, 0x32, 0x4a];
const WHITE = [0xff, 0xff, 0xff];
const AMBER = [0xff, 0xbf, 0x47];

/** Colour at (x, y) in a 1×1 square; `safe` shrinks the art into the maskable safe zone. */
function paint(x, y, safe) {
  const s = safe ? 0.8 : 1;
  const dx = (x - 0.5) / s;
  const dy = (y - 0.5) / s;
  const r = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx);
  // The ring, open towards the upper right, where the amber dot sits: a call going out.
  if (r > 0.22 && r < 0.33 && !(angle > -1.05 && angle < -0.2)) return WHITE;
  if (Math.hypot(dx - 0.24, dy + 0.17) < 0.065) return AMBER;
  return BRAND;
}

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size, safe) {
  const SS = 4; // 4×4 samples a pixel: smooth edges.
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0];
      for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
        const c = paint((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size, safe);
        for (let i = 0; i < 3; i++) acc[i] += c[i];
      }
      for (let i = 0; i < 3; i++) raw[y * (size * 3 + 1) + 1 + x * 3 + i] = Math.round(acc[i] / (SS * SS));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const dir = new URL('../packages/web/public/icons/', import.meta.url);
for (const [name, size, safe] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['icon-maskable-512.png', 512, true], ['apple-touch-icon.png', 180, false]]) {
  writeFileSync(new URL(name, dir), png(size, safe));
  console.log(`wrote packages/web/public/icons/${name}`);
}
