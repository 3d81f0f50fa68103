/**
 * The fixes the position benchmarks send, shared by the HTTP and the socket load generators so
 * that both offer the server exactly the same work.
 */

/** What a load generator needs to make fix number j. */
export interface FixPlan {
  /** Home [lat, lon] of unit `bench-g`, where its seeded fix (at `anchor`) was. */
  bases: [number, number][];
  /** Epoch ms of the seeded fixes. */
  anchor: number;
  /** Epoch ms of fix 0 of this run. */
  wall0: number;
  /** Fixes a second: fix j is due, and timed, j / fixRate seconds after fix 0. */
  fixRate: number;
}

// 2.2 m/s north (a slow drive): the position follows the fix's time, so any two fixes of a unit,
// whichever runs they came from, are a plausible drive apart, and none reads as a GPS jump.
const METRES_PER_SECOND = 2.2;
const DEGREES_PER_METRE = 1 / 111_195;

/** Fix number j, of unit `bench-<unit>`. Times rise with j, so a unit's fixes never repeat. */
export function fixOf(plan: FixPlan, unit: number, j: number) {
  const at = plan.wall0 + (j * 1000) / plan.fixRate;
  const [lat, lon] = plan.bases[unit]!;
  const drift = ((at - plan.anchor) / 1000) * METRES_PER_SECOND * DEGREES_PER_METRE;
  return { unitId: `bench-${unit}`, lat: lat + drift, lon, accuracy: 10, heading: 0, speed: METRES_PER_SECOND, at: new Date(at).toISOString() };
}

/** Fix times start after the seeded fixes and half a minute back, and advance per pass. */
export const wall0Of = (pass: number): number => Date.now() - 30_000 + pass * 1000;

/** The fixes whose delivery bench/positions-fanout.ts follows: about a tenth, by a hash of unit and time. */
export function sampledFix(unitId: string, at: string): boolean {
  let h = 7;
  for (let i = 0; i < unitId.length; i++) h = (h * 31 + unitId.charCodeAt(i)) | 0;
  for (let i = 0; i < at.length; i++) h = (h * 31 + at.charCodeAt(i)) | 0;
  return (h >>> 0) % 10 === 0;
}

/** Epoch ms with sub-ms precision, comparable between threads (performance.now() is per thread). */
export const epochNow = (): number => performance.timeOrigin + performance.now();
