import { MINUTES_PER_MONTH } from './defaults.ts';
import type { EventQueue } from './heap.ts';
import type { Recorder } from './recorder.ts';
import { cumulative, type Rng } from './rng.ts';
import { ENTRY_POINTS } from './scenario.ts';
import type { World } from './world.ts';

/** What arrives: a call to 911, 988 or CARES, or a person who walks in to a facility or an ED. */
export const CALL = 0, WALK_IN_FACILITY = 1, WALK_IN_ED = 2;

interface Stream {
  region: number;
  kind: number;
  /** Expected arrivals a minute over the region, before the hour and day profiles. */
  perMinute: number;
  /** Cumulative population of the region's counties, for drawing one. */
  cum: Float64Array;
  counties: number[];
  /** Per county, for deterministic arrivals: the fraction of an arrival carried to the next hour. */
  carry: Float64Array;
}

/**
 * The scenario's demand: per region a stream of calls (scaled by the calibration) and Crisis
 * Now's walk-ins, drawn an hour at a time (Poisson, or deterministic for the calculator's
 * check), each contact placed in a county by population and recorded with its arrival event.
 */
export class Demand {
  /** Per region: the cumulative entry-point mix (911, 988, CARES), for drawing a call's entry. */
  readonly entryCum: Float64Array[];
  readonly channelCum: Float64Array;
  /** The streams that ever arrive (a rate of 0 draws nothing, so it is left out). */
  private readonly streams: Stream[] = [];
  private readonly hourW: Float64Array;
  private readonly dayW: Float64Array;
  private readonly deterministic: boolean;
  private readonly spreadOverCounty: boolean;
  /** Per county: the kilometres of a degree of longitude at its centroid (`offset`'s divisor). */
  private readonly kmPerLonDegree: Float64Array;
  /** Expected contacts a minute over the scenario (profiles average 1). */
  readonly perMinute: number;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    private readonly rec: Recorder,
    private readonly q: EventQueue,
    private readonly arrivalKind: number,
  ) {
    const s = world.scenario;
    this.deterministic = s.demand.arrivals === 'deterministic';
    this.spreadOverCounty = s.demand.spread === 'county';
    const norm = (w: readonly number[]) => {
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      return Float64Array.from(w, (x) => x / mean);
    };
    this.hourW = norm(s.demand.hourProfile);
    this.dayW = norm(s.demand.dayProfile);
    this.kmPerLonDegree = Float64Array.from(world.counties, (c) => 111.2 * Math.cos((c.lat * Math.PI) / 180));
    const mix = s.demand.calibration === 'contacts' ? s.demand.contactsPer100kPerMonth : s.demand.entryMix;
    this.channelCum = cumulative([s.demand.channelMix.voice, s.demand.channelMix.text, s.demand.channelMix.chat]);
    const cn = s.demand.crisisNow;
    this.entryCum = world.regions.map(() => cumulative(ENTRY_POINTS.map((e) => mix[e])));
    world.regions.forEach((r, ri) => {
      const pop = r.counties.reduce((a, c) => a + world.counties[c]!.population, 0);
      const episodes = (cn.episodesPer100kPerMonth * pop) / 100_000 / MINUTES_PER_MONTH;
      const callRate = s.demand.calibration === 'contacts' ? ((mix['911'] + mix['988'] + mix.cares) * pop) / 100_000 / MINUTES_PER_MONTH : (episodes * cn.split.mobile) / this.inPersonShare(ri);
      const cum = Float64Array.from(r.counties, () => 0);
      let acc = 0;
      r.counties.forEach((c, k) => (cum[k] = acc += world.counties[c]!.population));
      const mk = (kind: number, perMinute: number) => {
        if (perMinute > 0) this.streams.push({ region: ri, kind, perMinute, cum, counties: r.counties, carry: new Float64Array(r.counties.length) });
      };
      mk(CALL, callRate);
      mk(WALK_IN_FACILITY, episodes * cn.split.facility);
      mk(WALK_IN_ED, episodes * cn.split.ed);
    });
    this.perMinute = this.streams.reduce((a, st) => a + st.perMinute, 0);
  }

  /** The protocol's exact share of calls needing an in-person team (levels 2-3) in a region, over the entry mix. */
  inPersonShare(region: number): number {
    const r = this.world.regions[region]!;
    const cum = this.entryCum[region]!;
    let share = 0;
    let prev = 0;
    ENTRY_POINTS.forEach((e, i) => {
      const w = (cum[i]! - prev) / cum[cum.length - 1]!;
      prev = cum[i]!;
      if (w > 0) {
        const p = r.samplers[e].levelProbabilities();
        share += w * (p[2] + p[3]);
      }
    });
    if (!(share > 0)) throw new Error(`region ${r.id}: the situation weights never lead to level 2 or 3, so Crisis Now calibration is impossible`);
    return share;
  }

  /** Generates hour `h`'s arrivals of every stream (starting at `h * 60`). */
  hour(h: number): void {
    const t0 = h * 60;
    const m = this.hourW[h % 24]! * this.dayW[Math.floor(h / 24) % 7]!;
    const rng = this.rng;
    const streams = this.streams;
    for (let j = 0; j < streams.length; j++) {
      const s = streams[j]!;
      if (this.deterministic) {
        const total = s.cum[s.cum.length - 1]!;
        for (let k = 0; k < s.counties.length; k++) {
          const share = (s.cum[k]! - (k ? s.cum[k - 1]! : 0)) / total;
          const x = s.carry[k]! + s.perMinute * 60 * m * share;
          const n = Math.floor(x + 1e-9);
          s.carry[k] = x - n;
          for (let i = 0; i < n; i++) this.arrive(s, s.counties[k]!, t0 + ((i + 0.5) * 60) / n);
        }
      } else {
        const n = rng.poisson(s.perMinute * 60 * m);
        for (let i = 0; i < n; i++) this.arrive(s, s.counties[rng.pick(s.cum)]!, t0 + rng.next() * 60);
      }
    }
  }

  private arrive(s: Stream, county: number, t: number): void {
    const c = this.world.counties[county]!;
    let lat = c.lat, lon = c.lon;
    if (this.spreadOverCounty) {
      // Uniform over a disc of the county's area around its centroid (`offset`, its arithmetic inline: no point allocated per call).
      const rng = this.rng;
      const r = c.radiusKm * Math.sqrt(rng.next());
      const th = 2 * Math.PI * rng.next();
      lat = c.lat + (r * Math.sin(th)) / 111.2;
      lon = c.lon + (r * Math.cos(th)) / this.kmPerLonDegree[county]!;
    }
    this.q.pushSide(t, this.arrivalKind, this.rec.addCall(s.kind, county, s.region, t, lat, lon));
  }
}
