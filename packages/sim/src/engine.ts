import {
  facilityExclusions,
  greatCircleKm,
  includesPolice,
  ineligibilityCode,
  maximumFor,
  sendsCrisisTeam,
  type CapabilityNeeds,
  type FacilitySituation,
  type GeoPoint,
  type PlanForDispatch,
  type RecommendedPlan,
} from '@continuum/domain';
import { Draw } from './distributions.ts';
import { EventQueue } from './heap.ts';
import { Rng, cumulative } from './rng.ts';
import { MINUTES_PER_MONTH } from './defaults.ts';
import { ENTRY_POINTS } from './scenario.ts';
import type { Outcome, SituationSampler } from './situation.ts';
import { Recorder, SERVED } from './recorder.ts';
import { SLOTS_PER_WEEK, offset, programmeWindow, type SimFacility, type World } from './world.ts';

// Event kinds. One integer argument each: a call, a unit, a facility, a region or an hour.
const HOUR = 1, ARRIVAL = 2, ON_SCENE = 3, SCENE_DONE = 4, AT_FACILITY = 5, RELEASE = 6, RETURN = 7, TIMEOUT = 8, TICK = 9, STAY_END = 10, FOLLOWUP_END = 11;

/** What arrives: a call to 911, 988 or CARES, or a person who walks in to a facility or an ED. */
export const CALL = 0, WALK_IN_FACILITY = 1, WALK_IN_ED = 2;

const YOUTH: CapabilityNeeds = { youth: true };
const REGIONAL_MAX_FALLBACK = 60;

export interface RunOptions {
  /** Called every simulated day with the share done, for a progress bar. */
  onProgress?: (done: number) => void;
}

export interface Best {
  u: number;
  eta: number;
}

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
 * The discrete-event engine. Time is in minutes from Monday 00:00 local time. Calls are
 * triaged by the protocol engine, answered by the region's plans, sent the nearest eligible team
 * by the dispatch rules (`ineligibilityCode`, `maximumFor`, the great-circle estimator), and fall
 * back to police only under CESSA §30. State lives in typed arrays inside `Recorder`.
 */
export class Engine {
  readonly rec: Recorder;
  readonly q = new EventQueue();
  /** Demand (arrivals, places, situations) and service (durations, choices) draw from separate streams, so two runs of one seed see the same calls whatever the teams do (common random numbers for the planner). */
  readonly rng: Rng;
  private readonly demandRng: Rng;
  private readonly horizon: number;
  private readonly streams: Stream[] = [];
  private readonly hourW: Float64Array;
  private readonly dayW: Float64Array;
  private readonly entryCum: Float64Array[];
  private readonly channelCum: Float64Array;
  private readonly onScene: Draw;
  private readonly police: Draw;
  private readonly stays: Draw[];
  private readonly turnarounds: Draw[];
  private readonly deterministic: boolean;
  private readonly fallbackByRule: boolean;
  /** Scenario settings read on every call, kept as fields. */
  private readonly spreadOverCounty: boolean;
  private readonly mobileToFacility: number;
  private readonly followupShare: number;
  /** Per unit: busy (1) or free (0); on duty; where it is; when its pending return was set. */
  readonly busy: Uint8Array;
  readonly onDuty: Uint8Array;
  private readonly pos: GeoPoint[];
  private readonly returnAt: Float64Array;
  private readonly busySince: Float64Array;
  /** Per facility: people there now. */
  readonly census: Int32Array;
  private readonly queue: number[] = [];
  /** Beside each queued call: the units that may serve it (`candidates`, fixed per plan, county and youth), so a freed team checks the queue without recomputing them. */
  private readonly queueCands: Int32Array[] = [];
  /** Per unit: queued calls it may serve. A team freed with none (the common case) skips the queue scan. */
  private readonly waiting: Int32Array;
  private readonly shiftsVary: boolean;
  private readonly eligible = new Map<PlanForDispatch, (Int32Array | undefined)[]>();
  private readonly planOf = new WeakMap<PlanForDispatch, PlanForDispatch>();
  private readonly plans = new Map<string, PlanForDispatch>();
  private readonly maxima = new WeakMap<RecommendedPlan, Map<string, number>>();
  /** Per outcome, region and youth: the call's maximum; per outcome, county and youth: its candidate teams (see `arrival`). */
  private readonly keptFor: ({ max: Float64Array; candidates: (Int32Array | undefined)[] } | undefined)[] = [];
  /** Per quarter hour of the week: the units whose duty changes then. */
  private readonly dutyChanges: Int32Array[];
  /** Whether each facility takes a person (facilityExclusions, the domain's criteria) sober [0] or intoxicated [1]. */
  private readonly accepts: Uint8Array;
  private readonly scratch: GeoPoint = { lat: 0, lon: 0 };
  private readonly bestNow: Best = { u: -1, eta: Infinity };
  private readonly bestFromBase: Best = { u: -1, eta: Infinity };
  events = 0;

  constructor(readonly world: World, seed = world.scenario.seed, days = world.scenario.days) {
    const s = world.scenario;
    this.rng = new Rng(seed);
    this.demandRng = new Rng((seed ^ 0x5bd1e995) >>> 0);
    this.horizon = days * 1440;
    this.deterministic = s.demand.arrivals === 'deterministic';
    this.fallbackByRule = s.response.fallback === 'rule';
    this.spreadOverCounty = s.demand.spread === 'county';
    this.mobileToFacility = s.demand.crisisNow.mobileToFacility;
    this.followupShare = s.followup.share;
    const norm = (w: readonly number[]) => {
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      return Float64Array.from(w, (x) => x / mean);
    };
    this.hourW = norm(s.demand.hourProfile);
    this.dayW = norm(s.demand.dayProfile);
    const mix = s.demand.calibration === 'contacts' ? s.demand.contactsPer100kPerMonth : s.demand.entryMix;
    this.channelCum = cumulative([s.demand.channelMix.voice, s.demand.channelMix.text, s.demand.channelMix.chat]);
    this.onScene = new Draw(s.response.onSceneMinutes);
    this.police = new Draw(s.response.policeMinutes);
    this.stays = world.facilities.map((f) => new Draw(f.stay));
    this.turnarounds = world.facilities.map((f) => new Draw(f.turnaround));
    const n = world.units.length;
    this.busy = new Uint8Array(n);
    this.onDuty = new Uint8Array(n);
    this.pos = world.units.map((u) => ({ lat: u.home.lat, lon: u.home.lon }));
    this.returnAt = new Float64Array(n);
    this.waiting = new Int32Array(n);
    this.busySince = new Float64Array(n);
    this.census = new Int32Array(world.facilities.length);
    this.rec = new Recorder(world, days);

    // Demand streams per region: calls (scaled by the calibration) and Crisis Now's walk-ins.
    const cn = s.demand.crisisNow;
    this.entryCum = world.regions.map(() => cumulative(ENTRY_POINTS.map((e) => mix[e])));
    world.regions.forEach((r, ri) => {
      const pop = r.counties.reduce((a, c) => a + world.counties[c]!.population, 0);
      const episodes = (cn.episodesPer100kPerMonth * pop) / 100_000 / MINUTES_PER_MONTH;
      const callRate = s.demand.calibration === 'contacts' ? ((mix['911'] + mix['988'] + mix.cares) * pop) / 100_000 / MINUTES_PER_MONTH : (episodes * cn.split.mobile) / this.inPersonShare(ri);
      const cum = Float64Array.from(r.counties, () => 0);
      let acc = 0;
      r.counties.forEach((c, k) => (cum[k] = acc += world.counties[c]!.population));
      const mk = (kind: number, perMinute: number) => this.streams.push({ region: ri, kind, perMinute, cum, counties: r.counties, carry: new Float64Array(r.counties.length) });
      mk(CALL, callRate);
      mk(WALK_IN_FACILITY, episodes * cn.split.facility);
      mk(WALK_IN_ED, episodes * cn.split.ed);
    });
    // The expected contacts of the run (profiles average 1) and a margin: the columns are sized once.
    const expected = this.streams.reduce((a, st) => a + st.perMinute, 0) * this.horizon;
    this.rec.reserve(expected * 1.05 + 6 * Math.sqrt(expected) + 1024);
    this.accepts = new Uint8Array(world.facilities.length * 2);
    world.facilities.forEach((f, i) => {
      for (const intoxicated of [false, true]) {
        const situation: FacilitySituation = { voluntary: true, broughtByPolice: false, intoxicated, medicallyCleared: false, insured: true, at: EPOCH };
        this.accepts[i * 2 + (intoxicated ? 1 : 0)] = facilityExclusions(f.profile, situation).length === 0 ? 1 : 0;
      }
    });
    this.shiftsVary = world.units.some((u) => u.onDuty.includes(0));
    this.dutyChanges = Array.from({ length: SLOTS_PER_WEEK }, (_, slot) =>
      Int32Array.from(world.units.map((u, i) => (u.onDuty[slot] !== u.onDuty[(slot + SLOTS_PER_WEEK - 1) % SLOTS_PER_WEEK] ? i : -1)).filter((i) => i >= 0)),
    );
    // No call was ever placed with a unit before the first tick sets who is on duty.
    for (let u = 0; u < n; u++) world.units[u]!.unit.status = 'off_shift';
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

  /** Runs to the horizon and returns the recorder with every figure. */
  run(options: RunOptions = {}): Recorder {
    const q = this.q;
    q.push(0, TICK, 0);
    q.push(0, HOUR, 0);
    let nextDay = 1440;
    while (q.pop()) {
      const t = q.at;
      if (t >= this.horizon) break;
      this.events++;
      if (t >= nextDay) {
        options.onProgress?.(t / this.horizon);
        nextDay += 1440;
      }
      const a = q.arg;
      switch (q.kind) {
        case HOUR: this.hour(a); break;
        case ARRIVAL: this.arrival(a, t); break;
        case ON_SCENE: this.onSceneArrive(a, t); break;
        case SCENE_DONE: this.sceneDone(a, t); break;
        case AT_FACILITY: this.atFacility(a, t); break;
        case RELEASE: this.release(a, t); break;
        case RETURN: if (this.returnAt[a] === t && !this.busy[a]) { const h = this.world.units[a]!.home; this.pos[a]!.lat = h.lat; this.pos[a]!.lon = h.lon; } break;
        case TIMEOUT: this.timeout(a, t); break;
        case TICK: this.tick(a, t); break;
        case STAY_END: this.census[a]!--; this.rec.censusChange(a, t, -1); break;
        case FOLLOWUP_END: this.rec.followupChange(a, t, -1); break;
      }
    }
    options.onProgress?.(1);
    this.rec.dutyMinutes(this.horizon);
    this.rec.finish(this.horizon, this.busySince, this.busy, this.census);
    this.rec.events = this.events;
    return this.rec;
  }

  /** Generates the next hour's arrivals of every stream. */
  private hour(h: number): void {
    const t0 = h * 60;
    if (t0 >= this.horizon) return;
    const m = this.hourW[h % 24]! * this.dayW[Math.floor(h / 24) % 7]!;
    const rng = this.demandRng;
    for (const s of this.streams) {
      if (s.perMinute <= 0) continue;
      if (this.deterministic) {
        const total = s.cum[s.cum.length - 1]!;
        for (let k = 0; k < s.counties.length; k++) {
          const share = (s.cum[k]! - (k ? s.cum[k - 1]! : 0)) / total;
          const x = s.carry[k]! + s.perMinute * 60 * m * share;
          const n = Math.floor(x + 1e-9);
          s.carry[k] = x - n;
          for (let i = 0; i < n; i++) this.newArrival(s, s.counties[k]!, t0 + ((i + 0.5) * 60) / n);
        }
      } else {
        const n = rng.poisson(s.perMinute * 60 * m);
        for (let i = 0; i < n; i++) this.newArrival(s, s.counties[rng.pick(s.cum)]!, t0 + rng.next() * 60);
      }
    }
    this.q.push(t0 + 60, HOUR, h + 1);
  }

  private newArrival(s: Stream, county: number, t: number): void {
    const c = this.world.counties[county]!;
    const rng = this.demandRng;
    let lat = c.lat, lon = c.lon;
    if (this.spreadOverCounty) {
      // Uniform over a disc of the county's area around its centroid.
      const r = c.radiusKm * Math.sqrt(rng.next());
      const th = 2 * Math.PI * rng.next();
      const p = offset(c, r * Math.cos(th), r * Math.sin(th));
      lat = p.lat;
      lon = p.lon;
    }
    const id = this.rec.addCall(s.kind, county, s.region, t, lat, lon);
    this.q.push(t, ARRIVAL, id);
  }

  private arrival(id: number, t: number): void {
    const rec = this.rec;
    const kind = rec.kind[id]!;
    if (kind !== CALL) {
      this.walkIn(id, t, kind === WALK_IN_ED);
      return;
    }
    const region = rec.region[id]!;
    const rng = this.demandRng;
    const entryIx = rng.pick(this.entryCum[region]!);
    const entry = ENTRY_POINTS[entryIx]!;
    if (entry === '988') rec.channels[rng.pick(this.channelCum)]!++;
    const sampler = this.world.regions[region]!.samplers[entry];
    const outcome = sampler.sample(rng);
    rec.triaged(id, entryIx, outcome);
    const level = outcome.level;
    const plan = sampler.plan(outcome);
    if (level === 1 || plan.responseType === 'phone_988') {
      if (entry === '911') rec.handoffs911to988++;
      rec.serve(id, SERVED.phone, NaN);
      return;
    }
    if (level === 4) {
      if (entry === '988' || entry === 'cares') rec.handoffs988to911++;
      rec.serve(id, plan.policeRecommended ? SERVED.police_ems : SERVED.ems, this.police.sample(this.rng));
      return;
    }
    const emergencyType = entry === 'cares' ? 'youth' : outcome.intoxicated ? 'substance_use' : 'mental_health';
    // The RAC's own maximum for the level, where the scenario sets one (the planner's "change a maximum").
    const rac = this.world.regions[region]!.maximumByLevel[level]!;
    const youth = entry === 'cares' ? 1 : 0;
    // The plan is a function of the outcome and the region (`SituationSampler.plan`), the
    // emergency type of the entry and the outcome: its maximum and its teams are kept per
    // outcome, region or county, and youth, an array read instead of the plan-keyed maps.
    const kept = (this.keptFor[outcome.index] ??= { max: new Float64Array(this.world.regions.length * 2).fill(NaN), candidates: new Array<Int32Array | undefined>(this.world.counties.length * 2) });
    let max = kept.max[region * 2 + youth]!;
    if (Number.isNaN(max)) kept.max[region * 2 + youth] = max = Number.isNaN(rac) ? this.maximum(plan, emergencyType) : rac;
    rec.maxMinutes[id] = max;
    rec.youth[id] = youth;
    const county = rec.county[id]!;
    let list = kept.candidates[county * 2 + youth];
    if (list === undefined) kept.candidates[county * 2 + youth] = list = this.candidates(plan, county, youth === 1);
    this.dispatch(id, t, plan, outcome, list);
  }

  /**
   * The units of a county that may serve a plan, whatever their status: the dispatch rule
   * (`ineligibilityCode`) judged once per plan and county with the unit taken as available, since
   * plans are few and kept per triage outcome. Availability is then the engine's own flags.
   */
  private candidates(full: PlanForDispatch, county: number, youth: boolean): Int32Array {
    const plan = this.dispatchPlan(full);
    let perCounty = this.eligible.get(plan);
    if (!perCounty) this.eligible.set(plan, (perCounty = []));
    const key = county * 2 + (youth ? 1 : 0);
    let list = perCounty[key];
    if (!list) {
      const units = this.world.units;
      const needs = youth ? YOUTH : undefined;
      list = Int32Array.from(
        Array.from(this.world.counties[county]!.units).filter((u) => ineligibilityCode({ ...units[u]!.unit, status: 'available' }, plan, needs, true) === null),
      );
      perCounty[key] = list;
    }
    return list;
  }

  /** The plan's maximum for an emergency type (`maximumFor`), kept per plan. */
  private maximum(plan: RecommendedPlan, emergencyType: string): number {
    let table = this.maxima.get(plan);
    if (!table) this.maxima.set(plan, (table = new Map()));
    let m = table.get(emergencyType);
    if (m === undefined) table.set(emergencyType, (m = maximumFor(plan, emergencyType, REGIONAL_MAX_FALLBACK).minutes));
    return m;
  }

  /** The part of a plan that decides which teams fit, one object per distinct team need. */
  private dispatchPlan(plan: PlanForDispatch): PlanForDispatch {
    let interned = this.planOf.get(plan);
    if (!interned) {
      const key = `${plan.responseType}|${plan.responders.join(',')}`;
      interned = this.plans.get(key);
      if (!interned) this.plans.set(key, (interned = { responseType: plan.responseType, responders: plan.responders }));
      this.planOf.set(plan, interned);
    }
    return interned;
  }

  /**
   * The estimator's minutes between two points. A team already at the point (the same
   * coordinates) is 0 minutes away, exactly what the estimator gives (a zero great-circle
   * distance), without its trigonometry and town lookups: the common case of a team at its
   * county's centre answering a call there.
   */
  private minutes(from: GeoPoint, to: GeoPoint): number {
    if (from.lat === to.lat && from.lon === to.lon) return 0;
    return this.world.travel.estimateNow(from, to).minutes;
  }

  /** The nearest free, on-duty, eligible unit by ETA (ties: the lower id), as the recommender ranks. */
  private best(id: number, plan: PlanForDispatch, fromBase: boolean): Best {
    const rec = this.rec;
    return this.bestAt(rec.county[id]!, rec.youth[id] === 1, rec.lat[id]!, rec.lon[id]!, plan, fromBase);
  }

  /** The team the engine would send to a point of a county now (unit index, or -1) and its ETA. */
  bestAt(county: number, youth: boolean, lat: number, lon: number, plan: PlanForDispatch, fromBase = false): Best {
    return this.bestIn(this.candidates(plan, county, youth), lat, lon, fromBase);
  }

  /** The nearest of a candidate list to a point, as `bestAt`. */
  private bestIn(list: Int32Array, lat: number, lon: number, fromBase: boolean): Best {
    const to = this.scratch;
    to.lat = lat;
    to.lon = lon;
    let bu = -1, beta = Infinity;
    const units = this.world.units;
    for (let k = 0; k < list.length; k++) {
      const u = list[k]!;
      // From base: who could go once free (on duty, busy now); otherwise: free and on duty now.
      if (!this.onDuty[u] || (!fromBase && this.busy[u])) continue;
      const eta = this.minutes(fromBase ? units[u]!.home : this.pos[u]!, to);
      if (eta < beta || (eta === beta && units[u]!.unit.id < units[bu]!.unit.id)) {
        beta = eta;
        bu = u;
      }
    }
    // One result object reused: the caller reads it before the next search.
    const b = fromBase ? this.bestFromBase : this.bestNow;
    b.u = bu;
    b.eta = beta;
    return b;
  }

  private dispatch(id: number, t: number, plan: RecommendedPlan, outcome: Outcome, list: Int32Array): void {
    const rec = this.rec;
    const max = rec.maxMinutes[id]!;
    const b = this.bestIn(list, rec.lat[id]!, rec.lon[id]!, false);
    if (b.u >= 0 && (b.eta <= max || !this.fallbackByRule)) {
      this.send(id, b.u, t, b.eta, SERVED.crisis_team);
      return;
    }
    if (this.fallbackByRule && b.u < 0) {
      // Nobody free now: the call waits while a team freed at its base could still arrive in time.
      const soonest = this.bestIn(list, rec.lat[id]!, rec.lon[id]!, true);
      if (soonest.u >= 0 && soonest.eta <= max) {
        this.enqueue(id, t, list);
        this.q.push(t + (max - soonest.eta), TIMEOUT, id);
        return;
      }
    }
    if (!this.fallbackByRule) {
      this.enqueue(id, t, list);
      return;
    }
    this.fallback(id, t, plan, outcome);
  }

  /**
   * No crisis team within the maximum. The plan for "988 reports no team" comes from the real
   * triage engine; police go only where CESSA §30 allows it: for a plan sending a crisis team
   * without police (the recommender's `policeFallback` rule).
   */
  private fallback(id: number, t: number, plan: RecommendedPlan, outcome: Outcome): void {
    const rec = this.rec;
    const alt = this.samplerOf(id).unavailablePlan(outcome);
    if (alt.responseType !== plan.responseType) {
      const b = this.best(id, alt, false);
      if (b.u >= 0 && b.eta <= rec.maxMinutes[id]!) {
        this.send(id, b.u, t, b.eta, SERVED.alternative_team);
        return;
      }
    }
    if (sendsCrisisTeam(plan.responders) && !includesPolice(plan.responders)) {
      rec.serve(id, SERVED.police_fallback, t - rec.t0[id]! + this.police.sample(this.rng));
    } else {
      // A plan with police (a §30 ground from the factors) and no team to pair with: police alone, no crisis team.
      rec.serve(id, SERVED.no_team, t - rec.t0[id]! + this.police.sample(this.rng));
    }
  }

  private samplerOf(id: number): SituationSampler {
    return this.world.regions[this.rec.region[id]!]!.samplers[ENTRY_POINTS[this.rec.entry[id]!]!];
  }

  private enqueue(id: number, t: number, list: Int32Array): void {
    this.rec.queuedAt[id] = t;
    this.queue.push(id);
    this.queueCands.push(list);
    for (let k = 0; k < list.length; k++) this.waiting[list[k]!]!++;
  }

  /** Takes the queue's `ix`-th call off the queue. */
  private dequeue(ix: number): void {
    const list = this.queueCands[ix]!;
    for (let k = 0; k < list.length; k++) this.waiting[list[k]!]!--;
    this.queue.splice(ix, 1);
    this.queueCands.splice(ix, 1);
  }

  private timeout(id: number, t: number): void {
    const ix = this.queue.indexOf(id);
    if (ix < 0) return;
    this.dequeue(ix);
    const rec = this.rec;
    const outcome = this.world.outcomes[rec.outcome[id]!]!;
    this.fallback(id, t, this.samplerOf(id).plan(outcome), outcome);
  }

  private send(id: number, u: number, t: number, eta: number, served: number): void {
    const rec = this.rec;
    this.busy[u] = 1;
    this.world.units[u]!.unit.status = 'dispatched';
    this.busySince[u] = t;
    rec.unit[id] = u;
    rec.busyChange(t, 1);
    rec.servedBy[id] = served;
    rec.dispatchedAt[id] = t;
    // A team already there (travel 0) is on scene now: no event for an instant that has come.
    if (eta > 0) this.q.push(t + eta, ON_SCENE, id);
    else this.onSceneArrive(id, t);
  }

  private onSceneArrive(id: number, t: number): void {
    const rec = this.rec;
    rec.serve(id, rec.servedBy[id]!, t - rec.t0[id]!);
    const u = rec.unit[id]!;
    this.pos[u]!.lat = rec.lat[id]!;
    this.pos[u]!.lon = rec.lon[id]!;
    this.q.push(t + this.onScene.sample(this.rng), SCENE_DONE, id);
  }

  private sceneDone(id: number, t: number): void {
    const rec = this.rec;
    if (this.rng.next() < this.mobileToFacility) {
      const outcome = this.world.outcomes[rec.outcome[id]!]!;
      const f = this.chooseFacility(id, t, outcome.intoxicated, false);
      if (f >= 0) {
        rec.facility[id] = f;
        rec.sceneDoneAt[id] = t;
        const fac = this.world.facilities[f]!;
        const eta = this.minutes(this.pos[rec.unit[id]!]!, fac.location);
        this.q.push(t + eta, AT_FACILITY, id);
        return;
      }
    }
    this.release(id, t);
  }

  private atFacility(id: number, t: number): void {
    const rec = this.rec;
    const f = rec.facility[id]!;
    const u = rec.unit[id]!;
    const fac = this.world.facilities[f]!;
    this.pos[u]!.lat = fac.location.lat;
    this.pos[u]!.lon = fac.location.lon;
    if (this.census[f]! >= fac.capacity) {
      // Filled while the team drove: turned away, the team takes the person on to the next place.
      rec.turnAways[f]!++;
      const outcome = this.world.outcomes[rec.outcome[id]!]!;
      const next = this.chooseFacility(id, t, outcome.intoxicated, false, f);
      if (next >= 0) {
        rec.facility[id] = next;
        this.q.push(t + this.minutes(fac.location, this.world.facilities[next]!.location), AT_FACILITY, id);
        return;
      }
      this.q.push(t, RELEASE, id);
      return;
    }
    this.admit(f, t);
    rec.transported[id] = 1;
    rec.atFacilityAt[id] = t;
    this.q.push(t + this.turnarounds[f]!.sample(this.rng), RELEASE, id);
  }

  private admit(f: number, t: number): void {
    this.census[f]!++;
    this.rec.censusChange(f, t, 1);
    const stay = this.stays[f]!.sample(this.rng) * 60;
    this.rec.admitted(f, t, stay, this.horizon);
    this.q.push(t + stay, STAY_END, f);
  }

  private release(id: number, t: number): void {
    const rec = this.rec;
    const u = rec.unit[id]!;
    const su = this.world.units[u]!;
    this.busy[u] = 0;
    su.unit.status = this.onDuty[u] ? 'available' : 'off_shift';
    rec.busyChange(t, -1);
    rec.unitBusy(u, this.busySince[u]!, t);
    rec.clearedAt[id] = t;
    // Follow-up: the answering team's programme (DOMAIN.md §7).
    if (su.programme && this.rng.next() < this.followupShare) {
      const w = programmeWindow(su.programme);
      const days = w.min + (w.max - w.min) * this.rng.next();
      const region = rec.region[id]!;
      rec.followupChange(region, t, 1);
      rec.followupOpened[region]!++;
      rec.followupDays[region]! += days;
      rec.followupFor[id] = days;
      this.q.push(t + days * 1440, FOLLOWUP_END, region);
    }
    const h = su.home;
    const p = this.pos[u]!;
    if (p.lat !== h.lat || p.lon !== h.lon) {
      const back = this.minutes(p, h);
      this.returnAt[u] = t + back;
      this.q.push(t + back, RETURN, u);
    }
    if (this.onDuty[u]) this.serveQueue(u, t);
  }

  /** A team comes free or on duty: it takes the longest-waiting call it may serve and can still reach in time. */
  private serveQueue(u: number, t: number): void {
    if (this.waiting[u] === 0) return;
    const rec = this.rec;
    for (let i = 0; i < this.queue.length; i++) {
      if (!this.queueCands[i]!.includes(u)) continue;
      const id = this.queue[i]!;
      const eta = this.minutes(this.pos[u]!, this.personAt(id));
      if (this.fallbackByRule && t - rec.t0[id]! + eta > rec.maxMinutes[id]!) continue;
      this.dequeue(i);
      rec.queueWait[id] = t - rec.queuedAt[id]!;
      this.send(id, u, t, eta, SERVED.crisis_team);
      return;
    }
  }

  /** Every quarter hour: shifts start and end; on-duty time is counted for utilisation. */
  private tick(slot: number, t: number): void {
    const s = slot % SLOTS_PER_WEEK;
    const units = this.world.units;
    // The first tick sets everyone; later ticks only those whose duty changes.
    const changing = slot === 0 ? null : this.dutyChanges[s]!;
    const n = changing ? changing.length : units.length;
    for (let k = 0; k < n; k++) {
      const u = changing ? changing[k]! : k;
      const duty = units[u]!.onDuty[s]!;
      if (duty !== this.onDuty[u]) {
        this.onDuty[u] = duty;
        if (!this.busy[u]) {
          units[u]!.unit.status = duty ? 'available' : 'off_shift';
          if (duty) this.serveQueue(u, t);
        }
      }
    }
    // Teams that are always on duty need no quarter-hour ticks.
    if (this.shiftsVary) this.q.push(t + 15, TICK, slot + 1);
  }

  private walkIn(id: number, t: number, ed: boolean): void {
    const f = this.chooseFacility(id, t, this.demandRng.next() < 0.1, ed);
    const rec = this.rec;
    rec.serve(id, ed ? SERVED.walk_in_ed : SERVED.walk_in_facility, NaN);
    if (f < 0) {
      rec.noPlace++;
      return;
    }
    rec.facility[id] = f;
    this.admit(f, t);
  }

  /**
   * Where a person goes: least restrictive kind first (the destinations' order), then nearest;
   * open now, taking this person (`facilityExclusions`, the domain's criteria), with a free place.
   * A full facility counts a turn-away and the next is tried; an ED is the last resort.
   */
  private personAt(id: number): GeoPoint {
    this.scratch.lat = this.rec.lat[id]!;
    this.scratch.lon = this.rec.lon[id]!;
    return this.scratch;
  }

  private chooseFacility(id: number, t: number, intoxicated: boolean, edOnly: boolean, skip = -1): number {
    const rec = this.rec;
    const list = this.world.counties[rec.county[id]!]!.facilities;
    const slot = Math.floor(t / 15) % SLOTS_PER_WEEK;
    const ix = intoxicated ? 1 : 0;
    let best = -1;
    let bestKey = Infinity;
    let full = 0;
    for (let k = 0; k < list.length; k++) {
      const f = list[k]!;
      if (f === skip) continue;
      const fac: SimFacility = this.world.facilities[f]!;
      if (edOnly && fac.kind !== 'emergency_department') continue;
      if (!fac.open[slot]) continue;
      if (!this.accepts[f * 2 + ix]) continue;
      // The least restrictive kind first, then the nearest to the person.
      const key = fac.order * 100_000 + greatCircleKm(this.world.facilities[f]!.location, this.personAt(id));
      if (this.census[f]! >= fac.capacity) {
        full++;
        continue;
      }
      if (key < bestKey) {
        bestKey = key;
        best = f;
      }
    }
    // A full place counts a turn-away only if the person would otherwise have gone there.
    if (full > 0) {
      for (let k = 0; k < list.length; k++) {
        const f = list[k]!;
        const fac = this.world.facilities[f]!;
        if (f === skip || (edOnly && fac.kind !== 'emergency_department') || !fac.open[slot] || this.census[f]! < fac.capacity) continue;
        if (fac.order * 100_000 + greatCircleKm(fac.location, this.personAt(id)) < bestKey && this.accepts[f * 2 + ix]) rec.turnAways[f]!++;
      }
    }
    return best;
  }
}

/** Opening hours are judged from the precomputed weekly table, so the situation's instant is unused. */
const EPOCH = new Date(0);
