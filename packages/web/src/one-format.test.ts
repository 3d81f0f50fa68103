import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// One date and time format, in the region's zone (issue 15 §7): every screen writes instants
// through datetime.ts. The browser's own formats (toLocaleString and kin, getHours in the
// laptop's zone) are what gave three formats in the browser's zone; none may come back.
const src = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts') && f !== 'datetime.ts' && f !== 'service-worker.ts');

describe('one date and time format', () => {
  it('leaves formatting instants to datetime.ts', () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) => {
      const text = readFileSync(join(src, f), 'utf8');
      const hits = text.match(/\.toLocale(Date|Time)?String\((?!'en-US'\))|new Intl\.DateTimeFormat|\.get(Hours|Minutes|Date|Month|FullYear)\(\)/g) ?? [];
      return hits.map((h) => `${f}: ${h}`);
    });
    expect(offenders).toEqual([]);
  });
});
