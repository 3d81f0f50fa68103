import { describe, expect, it } from 'vitest';

// One date and time format, in the region's zone (issue 15 §7): every screen writes instants
// through datetime.ts. The browser's own formats (toLocaleString and kin, getHours in the
// laptop's zone) are what gave three formats in the browser's zone; none may come back.
const sources = import.meta.glob<string>(['./**/*.{ts,tsx}', '!./**/*.test.ts', '!./datetime.ts'], { query: '?raw', import: 'default', eager: true });
const files = Object.keys(sources);

describe('one date and time format', () => {
  it('leaves formatting instants to datetime.ts', () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) => {
      const text = sources[f]!;
      const hits = text.match(/\.toLocale(Date|Time)?String\((?!'en-US'\))|new Intl\.DateTimeFormat|\.get(Hours|Minutes|Date|Month|FullYear)\(\)/g) ?? [];
      return hits.map((h) => `${f}: ${h}`);
    });
    expect(offenders).toEqual([]);
  });
});
