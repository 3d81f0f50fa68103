// Builds the map's label glyphs (issue 15 §5): signed-distance-field PBFs in the layout MapLibre
// requests from a style's `glyphs` URL ({fontstack}/{range}.pbf), drawn from Noto Sans (SIL Open
// Font License, @fontsource/noto-sans) with MapLibre's own rasteriser (@mapbox/tiny-sdf) on a
// Skia canvas (@napi-rs/canvas). The output is committed under packages/web/public/glyphs and
// served by the server with the console, so town labels need no network; run this again only to
// change the font or the ranges: `node scripts/build-glyphs.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import TinySDF from '@mapbox/tiny-sdf';
import { PbfWriter as Pbf } from 'pbf';

const require = createRequire(import.meta.url);
// The console's own style uses Regular; a Protomaps basemap over a PMTiles file (README, "Map")
// asks for all three, so the same offline glyphs serve it too.
const STACKS = [
  { name: 'Noto Sans Regular', weight: '400', style: 'normal' },
  { name: 'Noto Sans Medium', weight: '500', style: 'normal' },
  { name: 'Noto Sans Italic', weight: '400', style: 'italic' },
];
// Basic Latin and Latin-1, Latin Extended-A/B (Illinois has towns such as DuQuoin; other regions
// have accents), and general punctuation (dashes, curly quotes).
const RANGES = [0, 256, 8192];

for (const stack of STACKS) {
  for (const subset of ['latin', 'latin-ext']) {
    GlobalFonts.registerFromPath(require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${stack.weight}-${stack.style}.woff2`), stack.name);
  }
}

// TinySDF draws on a DOM canvas; here it draws on Skia's. Sizes as MapLibre expects of a PBF:
// 24 px glyphs with a 3 px buffer (the reader adds 6 to width and height).
class NodeSDF extends TinySDF {
  _createCanvas(size) {
    return createCanvas(size, size);
  }
}

/** One range's PBF: glyphs { stacks { name, range, glyphs { id, bitmap, width, height, left, top, advance } } }. */
function rangePbf(FONTSTACK, sdf, start) {
  const pbf = new Pbf();
  pbf.writeMessage(1, (_, p) => {
    p.writeStringField(1, FONTSTACK);
    p.writeStringField(2, `${start}-${start + 255}`);
    for (let id = start; id < start + 256; id++) {
      const ch = String.fromCodePoint(id);
      // Control characters and unassigned points: nothing to draw, and no glyph is better than a box.
      if (/[\p{Cc}\p{Cn}\p{Cs}]/u.test(ch)) continue;
      const g = sdf.draw(ch);
      if (g.glyphAdvance === 0) continue;
      p.writeMessage(3, (_, q) => {
        q.writeVarintField(1, id);
        if (g.glyphWidth > 0 && g.glyphHeight > 0) q.writeBytesField(2, Buffer.from(g.data));
        q.writeVarintField(3, g.glyphWidth);
        q.writeVarintField(4, g.glyphHeight);
        q.writeSVarintField(5, g.glyphLeft);
        // From the bitmap's top above the baseline to MapLibre's origin (its own local glyphs use
        // the same offset: 27 at 24 px, less a pixel of the 3 px buffer's rounding).
        q.writeSVarintField(6, g.glyphTop - 26);
        q.writeVarintField(7, Math.round(g.glyphAdvance));
      });
    }
  });
  return pbf.finish();
}

for (const stack of STACKS) {
  const sdf = new NodeSDF({ fontSize: 24, buffer: 3, radius: 8, cutoff: 0.25, fontFamily: `"${stack.name}"`, fontWeight: stack.weight, fontStyle: stack.style });
  const out = join('packages/web/public/glyphs', stack.name);
  mkdirSync(out, { recursive: true });
  for (const start of RANGES) {
    const bytes = rangePbf(stack.name, sdf, start);
    writeFileSync(join(out, `${start}-${start + 255}.pbf`), bytes);
    console.log(`${stack.name}/${start}-${start + 255}.pbf: ${bytes.length} bytes`);
  }
}
