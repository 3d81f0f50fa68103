import {
  includesPolice,
  ineligibilityCode,
  maximumFor,
  sendsCrisisTeam,
  type CapabilityNeeds,
  type GeoPoint,
  type PlanForDispatch,
  type RecommendedPlan,
} from '@continuum/domain';
import { Draw } from './distributions.ts';
import { EventQueue } from './heap.ts';
import { Rng } from './rng.ts';
import { CALL, Demand, WALK_IN_ED, WALK_IN_FACILITY } from './demand.ts';
import { ENTRY_POINTS } from './scenario.ts';
import type { Outcome, SituationSampler } from './situation.ts';
import { Recorder, SERVED } from './recorder.ts';
import { WaitingCalls, type Reach } from './waiting.ts';
import { FacilityChoice } from './facility-choice.ts';
import { SLOTS_PER_WEEK, programmeWindow, type World } from './world.ts';

// Event kinds. One integer argument each: a call, a unit, a facility, a region or an hour.
const HOUR = 1, ARRIVAL = 2, ON_SCENE = 3, SCENE_DONE = 4, AT_FACILITY = 5, RELEASE = 6, RETURN = 7, TIMEOUT = 8, TICK = 9, STAY_END = 10, FOLLOWUP_END = 11;

export { CALL, WALK_IN_FACILITY, WALK_IN_ED };

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

/**
 * The discrete-event engine. Time is in minutes from Monday 00:00 local time. Calls are
 * triaged by the protocol engine, answered by the region's plans, sent the nearest eligible team
 * by the dispatch rules (`ineligibilityCode`, `maximumFor`, the great-circle estimator), and fall
 * back to police only under CESSA §30. State lives in typed arrays inside `Recorder`.
 */
export class Engine implements Reach {
  readonly rec: Recorder;
  readonly q = new EventQueue();
  /** Demand (arrivals, places, situations) and service (durations, choices) draw from separate streams, so two runs of one seed see the same calls whatever the teams do (common random numbers for the planner). */
  readonly rng: Rng;
  private readonly demandRng: Rng;
  private readonly horizon: number;
  private readonly demand: Demand;
  /** Per region, per entry point (ENTRY_POINTS' order): its situation sampler. */
  private readonly samplers: SituationSampler[][];
  private readonly onScene: Draw;
  private readonly police: Draw;
  private readonly stays: Draw[];
  private readonly turnarounds: Draw[];
  private readonly fallbackByRule: boolean;
  /** Scenario settings read on every call, kept as fields. */
  private readonly mobileToFacility: number;
  private readonly followupShare: number;
  /** Per unit: busy (1) or free (0); on duty; where it is; when its pending return was set. */
  readonly busy: Uint8Array;
  readonly onDuty: Uint8Array;
  private readonly posLat: Float64Array;
  private readonly posLon: Float64Array;
  private readonly homeLat: Float64Array;
  private readonly homeLon: Float64Array;
  /** Per unit: its place in the order of unit ids, so a tie on ETA is broken without comparing strings. */
  private readonly idRank: Int32Array;
  private readonly returnAt: Float64Array;
  private readonly busySince: Float64Array;
  /** Per facility: people there now. */
  readonly census: Int32Array;
  /** Calls waiting for a team, in one line per candidate list (`candidates`, fixed per plan, county and youth). */
  private readonly waiting: WaitingCalls;
  private readonly shiftsVary: boolean;
  private readonly eligible = new Map<PlanForDispatch, (Int32Array | undefined)[]>();
  private readonly planOf = new WeakMap<PlanForDispatch, PlanForDispatch>();
  private readonly plans = new Map<string, PlanForDispatch>();
  private readonly maxima = new WeakMap<RecommendedPlan, Map<string, number>>();
  /** Per outcome, region and youth: the call's maximum; per outcome, county and youth: its candidate teams (see `arrival`). */
  private readonly keptFor: ({ max: Float64Array; candidates: (Int32Array | undefined)[] } | undefined)[] = [];
  /** Per quarter hour of the week: the units whose duty changes then. */
  private readonly dutyChanges: Int32Array[];
  private readonly facilityChoice: FacilityChoice;
  /** The two ends of a trip handed to the estimator, reused: positions live in typed arrays, and a number stored in a shared point object would be boxed on every call. */
  private readonly from: GeoPoint = { lat: 0, lon: 0 };
  private readonly to: GeoPoint = { lat: 0, lon: 0 };
  /**
   * The time of the event being handled. Handlers read it here rather than take it as an
   * argument: a fractional number passed to a call V8 does not inline is boxed, one allocation
   * per event.
   */
  private readonly now = new Float64Array(1);
  /** The ETA of the unit `bestIn` last returned. */
  private readonly bestEta = new Float64Array(1);
  events = 0;

  constructor(readonly world: World, seed = world.scenario.seed, days = world.scenario.days) {
    const s = world.scenario;
    this.rng = new Rng(seed);
    this.demandRng = new Rng((seed ^ 0x5bd1e995) >>> 0);
    this.horizon = days * 1440;
    this.fallbackByRule = s.response.fallback === 'rule';
    this.mobileToFacility = s.demand.crisisNow.mobileToFacility;
    this.followupShare = s.followup.share;
    this.onScene = new Draw(s.response.onSceneMinutes);
    this.police = new Draw(s.response.policeMinutes);
    this.stays = world.facilities.map((f) => new Draw(f.stay));
    this.turnarounds = world.facilities.map((f) => new Draw(f.turnaround));
    const n = world.units.length;
    this.busy = new Uint8Array(n);
    this.onDuty = new Uint8Array(n);
    this.homeLat = Float64Array.from(world.units, (u) => u.home.lat);
    this.homeLon = Float64Array.from(world.units, (u) => u.home.lon);
    this.posLat = this.homeLat.slice();
    this.posLon = this.homeLon.slice();
    const ids = world.units.map((u) => u.unit.id);
    const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.idRank = Int32Array.from(ids, (id) => sorted.indexOf(id));
    this.returnAt = new Float64Array(n);
    this.waiting = new WaitingCalls(n);
    this.busySince = new Float64Array(n);
    this.census = new Int32Array(world.facilities.length);
    this.rec = new Recorder(world, days);
    this.samplers = world.regions.map((r) => ENTRY_POINTS.map((e) => r.samplers[e]));
    this.demand = new Demand(world, this.demandRng, this.rec, this.q, ARRIVAL);
    // The expected contacts of the run (profiles average 1) and a margin: the columns are sized once.
    const expected = this.demand.perMinute * this.horizon;
    this.rec.reserve(expected * 1.05 + 6 * Math.sqrt(expected) + 1024);
    this.facilityChoice = new FacilityChoice(world, this.census, this.rec.turnAways);
    this.shiftsVary = world.units.some((u) => u.onDuty.includes(0));
    // Only the first tick runs when no shift varies, and it sets every unit: no table of changes is needed.
    this.dutyChanges = !this.shiftsVary
      ? []
      : Array.from({ length: SLOTS_PER_WEEK }, (_, slot) =>
          Int32Array.from(world.units.map((u, i) => (u.onDuty[slot] !== u.onDuty[(slot + SLOTS_PER_WEEK - 1) % SLOTS_PER_WEEK] ? i : -1)).filter((i) => i >= 0)),
        );
    // No call was ever placed with a unit before the first tick sets who is on duty.
    for (let u = 0; u < n; u++) world.units[u]!.unit.status = 'off_shift';
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
      this.now[0] = t;
      switch (q.kind) {
        case HOUR: this.hour(a); break;
        case ARRIVAL: this.arrival(a); break;
        case ON_SCENE: this.onSceneArrive(a); break;
        case SCENE_DONE: this.sceneDone(a); break;
        case AT_FACILITY: this.atFacility(a); break;
        case RELEASE: this.release(a); break;
        case RETURN: if (this.returnAt[a] === t && !this.busy[a]) { this.posLat[a] = this.homeLat[a]!; this.posLon[a] = this.homeLon[a]!; } break;
        case TIMEOUT: this.timeout(a); break;
        case TICK: this.tick(a); break;
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

  /** Generates the next hour's arrivals of every stream, then schedules the hour after. */
  private hour(h: number): void {
    const t0 = h * 60;
    if (t0 >= this.horizon) return;
    this.demand.hour(h);
    this.q.push(t0 + 60, HOUR, h + 1);
  }

  private arrival(id: number): void {
    const t = this.now[0]!;
    const rec = this.rec;
    const kind = rec.kind[id]!;
    if (kind !== CALL) {
      this.walkIn(id, t, kind === WALK_IN_ED);
      return;
    }
    const region = rec.region[id]!;
    const rng = this.demandRng;
    const entryIx = rng.pick(this.demand.entryCum[region]!);
    const entry = ENTRY_POINTS[entryIx]!;
    if (entry === '988') rec.channels[rng.pick(this.demand.channelCum)]!++;
    const sampler = this.samplers[region]![entryIx]!;
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
  private minutes(fromLat: number, fromLon: number, toLat: number, toLon: number): number {
    if (fromLat === toLat && fromLon === toLon) return 0;
    const from = this.from, to = this.to;
    from.lat = fromLat;
    from.lon = fromLon;
    to.lat = toLat;
    to.lon = toLon;
    return this.world.travel.estimateNow(from, to).minutes;
  }

  /** A unit's minutes from where it is to a call's place. */
  private unitToCall(u: number, id: number): number {
    return this.minutes(this.posLat[u]!, this.posLon[u]!, this.rec.lat[id]!, this.rec.lon[id]!);
  }

  /** The nearest free, on-duty, eligible unit by ETA (ties: the lower id), as the recommender ranks. */
  private best(id: number, plan: PlanForDispatch, fromBase: boolean): Best {
    const rec = this.rec;
    return this.bestAt(rec.county[id]!, rec.youth[id] === 1, rec.lat[id]!, rec.lon[id]!, plan, fromBase);
  }

  /** The team the engine would send to a point of a county now (unit index, or -1) and its ETA. */
  bestAt(county: number, youth: boolean, lat: number, lon: number, plan: PlanForDispatch, fromBase = false): Best {
    const u = this.bestIn(this.candidates(plan, county, youth), lat, lon, fromBase);
    return { u, eta: this.bestEta[0]! };
  }

  /** The nearest of a candidate list to a point, as `bestAt`: the unit (or -1), its ETA left in `bestEta[0]`. */
  private bestIn(list: Int32Array, lat: number, lon: number, fromBase: boolean): number {
    let bu = -1, beta = Infinity;
    const rank = this.idRank;
    for (let k = 0; k < list.length; k++) {
      const u = list[k]!;
      // From base: who could go once free (on duty, busy now); otherwise: free and on duty now.
      if (!this.onDuty[u] || (!fromBase && this.busy[u])) continue;
      const eta = fromBase ? this.minutes(this.homeLat[u]!, this.homeLon[u]!, lat, lon) : this.minutes(this.posLat[u]!, this.posLon[u]!, lat, lon);
      if (eta < beta || (eta === beta && rank[u]! < rank[bu]!)) {
        beta = eta;
        bu = u;
      }
    }
    this.bestEta[0] = beta;
    return bu;
  }

  private dispatch(id: number, t: number, plan: RecommendedPlan, outcome: Outcome, list: Int32Array): void {
    const rec = this.rec;
    const max = rec.maxMinutes[id]!;
    const u = this.bestIn(list, rec.lat[id]!, rec.lon[id]!, false);
    const eta = this.bestEta[0]!;
    if (u >= 0 && (eta <= max || !this.fallbackByRule)) {
      this.send(id, u, t, eta, SERVED.crisis_team);
      return;
    }
    if (this.fallbackByRule && u < 0) {
      // Nobody free now: the call waits while a team freed at its base could still arrive in time.
      const soonest = this.bestIn(list, rec.lat[id]!, rec.lon[id]!, true);
      const soonestEta = this.bestEta[0]!;
      if (soonest >= 0 && soonestEta <= max) {
        this.enqueue(id, t, list);
        this.q.push(t + (max - soonestEta), TIMEOUT, id);
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
    return this.samplers[this.rec.region[id]!]![this.rec.entry[id]!]!;
  }

  private enqueue(id: number, t: number, list: Int32Array): void {
    this.rec.queuedAt[id] = t;
    this.waiting.add(id, list);
  }

  private timeout(id: number): void {
    const t = this.now[0]!;
    if (!this.waiting.remove(id)) return;
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
    else this.onSceneArrive(id);
  }

  private onSceneArrive(id: number): void {
    const t = this.now[0]!;
    const rec = this.rec;
    rec.serve(id, rec.servedBy[id]!, t - rec.t0[id]!);
    const u = rec.unit[id]!;
    this.posLat[u] = rec.lat[id]!;
    this.posLon[u] = rec.lon[id]!;
    this.q.push(t + this.onScene.sample(this.rng), SCENE_DONE, id);
  }

  private sceneDone(id: number): void {
    const t = this.now[0]!;
    const rec = this.rec;
    if (this.rng.next() < this.mobileToFacility) {
      const outcome = this.world.outcomes[rec.outcome[id]!]!;
      const f = this.chooseFacility(id, t, outcome.intoxicated, false);
      if (f >= 0) {
        rec.facility[id] = f;
        rec.sceneDoneAt[id] = t;
        const fac = this.world.facilities[f]!;
        const u = rec.unit[id]!;
        const eta = this.minutes(this.posLat[u]!, this.posLon[u]!, fac.location.lat, fac.location.lon);
        this.q.push(t + eta, AT_FACILITY, id);
        return;
      }
    }
    this.release(id);
  }

  private atFacility(id: number): void {
    const t = this.now[0]!;
    const rec = this.rec;
    const f = rec.facility[id]!;
    const u = rec.unit[id]!;
    const fac = this.world.facilities[f]!;
    this.posLat[u] = fac.location.lat;
    this.posLon[u] = fac.location.lon;
    if (this.census[f]! >= fac.capacity) {
      // Filled while the team drove: turned away, the team takes the person on to the next place.
      rec.turnAways[f]!++;
      const outcome = this.world.outcomes[rec.outcome[id]!]!;
      const next = this.chooseFacility(id, t, outcome.intoxicated, false, f);
      if (next >= 0) {
        rec.facility[id] = next;
        const to = this.world.facilities[next]!.location;
        this.q.push(t + this.minutes(fac.location.lat, fac.location.lon, to.lat, to.lon), AT_FACILITY, id);
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

  private release(id: number): void {
    const t = this.now[0]!;
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
    if (this.posLat[u] !== this.homeLat[u] || this.posLon[u] !== this.homeLon[u]) {
      const back = this.minutes(this.posLat[u]!, this.posLon[u]!, this.homeLat[u]!, this.homeLon[u]!);
      this.returnAt[u] = t + back;
      this.q.push(t + back, RETURN, u);
    }
    if (this.onDuty[u]) this.serveQueue(u, t);
  }

  /** A team comes free or on duty: it takes the longest-waiting call it may serve and can still reach in time. */
  private serveQueue(u: number, t: number): void {
    const id = this.waiting.take(u, t, this.fallbackByRule ? this : null);
    if (id < 0) return;
    const rec = this.rec;
    rec.queueWait[id] = t - rec.queuedAt[id]!;
    this.send(id, u, t, this.unitToCall(u, id), SERVED.crisis_team);
  }

  /** Under the rule, a freed team takes a waiting call only if it can still arrive within the call's maximum. */
  inTime(id: number, u: number, t: number): boolean {
    const rec = this.rec;
    return !(t - rec.t0[id]! + this.unitToCall(u, id) > rec.maxMinutes[id]!);
  }

  /** Every quarter hour: shifts start and end; on-duty time is counted for utilisation. */
  private tick(slot: number): void {
    const t = this.now[0]!;
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

  private chooseFacility(id: number, t: number, intoxicated: boolean, edOnly: boolean, skip = -1): number {
    const rec = this.rec;
    return this.facilityChoice.choose(rec.county[id]!, rec.lat[id]!, rec.lon[id]!, t, intoxicated, edOnly, skip);
  }
}
