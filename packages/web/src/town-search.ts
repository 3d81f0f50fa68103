import type { GeoTown } from '@continuum/contracts';
import type { Projection } from './county-map.ts';

/** A town the address text seems to name, and where in the text that name starts. */
export interface TownMatch {
  town: GeoTown;
  /** Index in the address where the typed part of the town's name begins. */
  from: number;
}

// "St. Joseph", "St Joseph" and GeoNames' "Saint Joseph" are one town.
const normal = (s: string): string => s.toLowerCase().replace(/\./g, '').replace(/\bsaint\b/g, 'st').replace(/\s+/g, ' ').trim();

// Three letters before offering anything: "St" alone ends half the street names in the county.
const MIN_TYPED = 3;

/**
 * Towns whose name starts with the last one, two or three words of the address's last part
 * ("204 S Race St, Urb" → Urbana), largest first. Call-takers type the town last, after the
 * street, so only the end of the text is looked at.
 */
export function townMatches(towns: readonly GeoTown[], address: string, limit = 6): TownMatch[] {
  const partStart = address.lastIndexOf(',') + 1;
  const words = [...address.slice(partStart).matchAll(/\S+/g)].map((m) => ({ text: m[0], at: partStart + m.index }));
  const found = new Map<GeoTown, number>();
  for (let k = Math.min(3, words.length); k >= 1; k--) {
    const from = words[words.length - k]!.at;
    const typed = normal(address.slice(from));
    if (typed.length < MIN_TYPED) continue;
    // Longest phrase first, so "Lake of the" keeps its whole phrase as the part to complete.
    for (const town of towns) if (!found.has(town) && normal(town.name).startsWith(typed)) found.set(town, from);
  }
  return [...found]
    .map(([town, from]) => ({ town, from }))
    .sort((a, b) => b.town.population - a.town.population || a.town.name.localeCompare(b.town.name))
    .slice(0, limit);
}

/** The address with the typed part of the town's name completed: "2 Main St, Rant" → "2 Main St, Rantoul". */
export function completeAddress(address: string, match: TownMatch): string {
  return address.slice(0, match.from) + match.town.name;
}

/** A town label placed on the map. */
export interface TownLabel {
  town: GeoTown;
  x: number;
  y: number;
  anchor: 'start' | 'end' | 'middle';
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Labels for the largest towns, placed greedily: each tries right, left, above and below its
 * dot and is left off when all four cross a label already placed, another town's dot, or the
 * map's edge. Champaign and Urbana are three kilometres apart: without this, "Champaign" is
 * printed across Urbana's dot.
 */
export function placeLabels(towns: readonly GeoTown[], proj: Projection, opts: { max: number; fontSize: number }): TownLabel[] {
  const { max, fontSize } = opts;
  // System sans-serif averages a little over half an em per character.
  const widthOf = (name: string) => name.length * fontSize * 0.56;
  const placed: { label: TownLabel; box: Box }[] = [];
  const dots = towns.map((t) => {
    const { x, y } = proj.toXY(t);
    return { town: t, box: { left: x - 3, right: x + 3, top: y - 3, bottom: y + 3 } };
  });
  for (const town of towns.slice(0, max)) {
    const { x, y } = proj.toXY(town);
    const w = widthOf(town.name);
    const gap = 5;
    const candidates: { label: TownLabel; box: Box }[] = [
      { label: { town, x: x + gap, y: y + fontSize * 0.35, anchor: 'start' }, box: { left: x + gap, right: x + gap + w, top: y - fontSize / 2, bottom: y + fontSize / 2 } },
      { label: { town, x: x - gap, y: y + fontSize * 0.35, anchor: 'end' }, box: { left: x - gap - w, right: x - gap, top: y - fontSize / 2, bottom: y + fontSize / 2 } },
      { label: { town, x, y: y - gap - 1, anchor: 'middle' }, box: { left: x - w / 2, right: x + w / 2, top: y - gap - fontSize, bottom: y - gap } },
      { label: { town, x, y: y + gap + fontSize * 0.8, anchor: 'middle' }, box: { left: x - w / 2, right: x + w / 2, top: y + gap, bottom: y + gap + fontSize } },
    ];
    const fits = candidates.find(
      ({ box }) => box.left >= 0 && box.right <= proj.width && box.top >= 0 && box.bottom <= proj.height && !placed.some((p) => overlaps(p.box, box)) &&
        !dots.some((d) => d.town !== town && overlaps(d.box, box)),
    );
    if (fits) placed.push(fits);
  }
  return placed.map((p) => p.label);
}
