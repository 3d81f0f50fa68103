import type { Outcome } from './situation.ts';
import type { World } from './world.ts';

/** How a contact was answered. */
export const SERVED = {
  pending: 0,
  phone: 1,
  crisis_team: 2,
  /** The plan's alternative when 988 reports no team within the maximum (e.g. co-response). */
  alternative_team: 3,
  /** CESSA §30: police because no crisis team could arrive within the maximum. */
  police_fallback: 4,
  /** A plan needing police and a crisis team, with no team: police alone. */
  no_team: 5,
  police_ems: 6,
  ems: 7,
  walk_in_facility: 8,
  walk_in_ed: 9,
} as const;
export const SERVED_NAMES = Object.keys(SERVED) as (keyof typeof SERVED)[];

type Column = Float64Array | Float32Array | Int32Array | Uint8Array | Int16Array;

/** A column copied into a longer one of the same type. */
function resized<T extends Column>(data: T, n: number): T {
  const next = new (data.constructor as new (n: number) => T)(n);
  next.set(data as never);
  return next;
}

/**
 * Everything the run records, in typed arrays: one row per contact, counters and time integrals
 * (busy teams, facility census, open follow-up episodes) for the metrics and Little's law.
 */
export class Recorder {
  n = 0;
  private cap = 4096;
  kind = new Uint8Array(this.cap);
  county = new Int16Array(this.cap);
  region = new Int16Array(this.cap);
  entry = new Uint8Array(this.cap);
  level = new Uint8Array(this.cap);
  outcome = new Int32Array(this.cap);
  servedBy = new Uint8Array(this.cap);
  youth = new Uint8Array(this.cap);
  transported = new Uint8Array(this.cap);
  unit = new Int32Array(this.cap);
  facility = new Int32Array(this.cap);
  t0 = new Float64Array(this.cap);
  lat = new Float64Array(this.cap);
  lon = new Float64Array(this.cap);
  response = new Float32Array(this.cap);
  maxMinutes = new Float32Array(this.cap);
  dispatchedAt = new Float64Array(this.cap);
  queuedAt = new Float64Array(this.cap);
  queueWait = new Float32Array(this.cap);
  clearedAt = new Float64Array(this.cap);
  /** When the team left the scene with the person, reached the facility, and the follow-up days owed (0: none): what the history writer dates. */
  sceneDoneAt = new Float64Array(this.cap);
  atFacilityAt = new Float64Array(this.cap);
  followupFor = new Float32Array(this.cap);

  channels = new Float64Array(3);
  handoffs911to988 = 0;
  handoffs988to911 = 0;
  noPlace = 0;
  events = 0;
  horizon = 0;

  /** Team occupancy: busy teams now, its time integral, jobs finished and their total busy time. */
  busyNow = 0;
  busyArea = 0;
  private busyT = 0;
  jobs = 0;
  jobMinutes = 0;
  /** Busy and on-duty team-minutes by hour of day, per region. */
  busyByHour: Float64Array[];
  dutyByHour: Float64Array[];

  /** Per facility: census integral, peak, admissions, stays (completed), turn-aways. */
  censusArea: Float64Array;
  private censusT: Float64Array;
  censusPeak: Int32Array;
  admissions: Float64Array;
  stayMinutes: Float64Array;
  staysDone: Float64Array;
  turnAways: Float64Array;
  private censusNow: Int32Array;

  /** Per region: open follow-up episodes now, their time integral, opened, and total planned days. */
  followupNow: Float64Array;
  followupArea: Float64Array;
  private followupT: Float64Array;
  followupOpened: Float64Array;
  followupDays: Float64Array;

  constructor(private readonly world: World, readonly days: number) {
    const nr = world.regions.length;
    const nf = world.facilities.length;
    this.busyByHour = world.regions.map(() => new Float64Array(24));
    this.dutyByHour = world.regions.map(() => new Float64Array(24));
    this.censusArea = new Float64Array(nf);
    this.censusT = new Float64Array(nf);
    this.censusPeak = new Int32Array(nf);
    this.admissions = new Float64Array(nf);
    this.stayMinutes = new Float64Array(nf);
    this.staysDone = new Float64Array(nf);
    this.turnAways = new Float64Array(nf);
    this.censusNow = new Int32Array(nf);
    this.followupNow = new Float64Array(nr);
    this.followupArea = new Float64Array(nr);
    this.followupT = new Float64Array(nr);
    this.followupOpened = new Float64Array(nr);
    this.followupDays = new Float64Array(nr);
  }

  /** Sizes every column for `n` contacts at once (the run's expected count), so a year's columns are not regrown and copied as calls arrive. */
  reserve(n: number): void {
    const cap = Math.ceil(n);
    if (cap > this.cap) this.grow(cap);
  }

  // Each column assigned by name: a loop of keyed stores over `this` turns the recorder into a
  // dictionary-mode object, and every column read on the hot path becomes a hash lookup.
  private grow(cap = this.cap * 2): void {
    this.kind = resized(this.kind, cap);
    this.county = resized(this.county, cap);
    this.region = resized(this.region, cap);
    this.entry = resized(this.entry, cap);
    this.level = resized(this.level, cap);
    this.outcome = resized(this.outcome, cap);
    this.servedBy = resized(this.servedBy, cap);
    this.youth = resized(this.youth, cap);
    this.transported = resized(this.transported, cap);
    this.unit = resized(this.unit, cap);
    this.facility = resized(this.facility, cap);
    this.t0 = resized(this.t0, cap);
    this.lat = resized(this.lat, cap);
    this.lon = resized(this.lon, cap);
    this.response = resized(this.response, cap);
    this.maxMinutes = resized(this.maxMinutes, cap);
    this.dispatchedAt = resized(this.dispatchedAt, cap);
    this.queuedAt = resized(this.queuedAt, cap);
    this.queueWait = resized(this.queueWait, cap);
    this.clearedAt = resized(this.clearedAt, cap);
    this.sceneDoneAt = resized(this.sceneDoneAt, cap);
    this.atFacilityAt = resized(this.atFacilityAt, cap);
    this.followupFor = resized(this.followupFor, cap);
    this.cap = cap;
  }

  addCall(kind: number, county: number, region: number, t: number, lat: number, lon: number): number {
    if (this.n === this.cap) this.grow();
    const id = this.n++;
    this.kind[id] = kind;
    this.county[id] = county;
    this.region[id] = region;
    this.t0[id] = t;
    this.lat[id] = lat;
    this.lon[id] = lon;
    this.response[id] = NaN;
    this.maxMinutes[id] = NaN;
    this.queueWait[id] = 0;
    this.unit[id] = -1;
    this.facility[id] = -1;
    this.followupFor[id] = 0;
    return id;
  }

  triaged(id: number, entry: number, o: Outcome): void {
    this.entry[id] = entry;
    this.level[id] = o.level;
    this.outcome[id] = o.index;
  }

  serve(id: number, how: number, responseMinutes: number): void {
    this.servedBy[id] = how;
    this.response[id] = responseMinutes;
  }

  busyChange(t: number, d: number): void {
    this.busyArea += this.busyNow * (t - this.busyT);
    this.busyT = t;
    this.busyNow += d;
  }

  /** A team's busy interval, spread over the hours of the day it covers. */
  unitBusy(u: number, from: number, to: number): void {
    this.jobs++;
    this.jobMinutes += to - from;
    const bins = this.busyByHour[this.world.units[u]!.region]!;
    let t = from;
    while (t < to) {
      const hourEnd = (Math.floor(t / 60) + 1) * 60;
      const end = Math.min(to, hourEnd);
      bins[Math.floor(t / 60) % 24]! += end - t;
      t = end;
    }
  }

  /** On-duty team-minutes by hour of day over the run, from each team's weekly duty table. */
  dutyMinutes(horizon: number): void {
    const slots = Math.floor(horizon / 15);
    const weeks = Math.floor(slots / (7 * 96));
    const rest = slots - weeks * 7 * 96;
    for (const u of this.world.units) {
      const bins = this.dutyByHour[u.region]!;
      for (let s = 0; s < 7 * 96; s++) {
        if (!u.onDuty[s]) continue;
        const times = weeks + (s < rest ? 1 : 0);
        bins[Math.floor(s / 4) % 24]! += 15 * times;
      }
    }
  }

  censusChange(f: number, t: number, d: number): void {
    this.censusArea[f]! += this.censusNow[f]! * (t - this.censusT[f]!);
    this.censusT[f] = t;
    this.censusNow[f]! += d;
    if (this.censusNow[f]! > this.censusPeak[f]!) this.censusPeak[f] = this.censusNow[f]!;
  }

  /** An admission at `t` for `stayMinutes`; the time counted is the part inside the run (Little's law over the run). */
  admitted(f: number, t: number, stayMinutes: number, horizon: number): void {
    this.admissions[f]!++;
    this.stayMinutes[f]! += Math.min(stayMinutes, horizon - t);
    if (t + stayMinutes <= horizon) this.staysDone[f]!++;
  }

  followupChange(region: number, t: number, d: number): void {
    this.followupArea[region]! += this.followupNow[region]! * (t - this.followupT[region]!);
    this.followupT[region] = t;
    this.followupNow[region]! += d;
  }

  /** Closes the integrals at the horizon, counting the work still under way up to it. */
  finish(horizon: number, busySince: Float64Array, busy: Uint8Array, _census: Int32Array): void {
    void _census;
    this.horizon = horizon;
    this.busyChange(horizon, 0);
    for (let u = 0; u < busy.length; u++) {
      if (busy[u]) {
        this.unitBusy(u, busySince[u]!, horizon);
      }
    }
    for (let f = 0; f < this.censusArea.length; f++) this.censusChange(f, horizon, 0);
    for (let r = 0; r < this.followupArea.length; r++) this.followupChange(r, horizon, 0);
  }
}
