import {
  applyFollowupEvent,
  applyIncidentEvent,
  closeEpisode,
  decideAnswer,
  decideAssignment,
  decideIncidentCommand,
  decideNote,
  decideProgress,
  openEpisode,
  type DecidedEvent,
  type Disposition,
  type DispositionInput,
  type EpisodeState,
  type FacilityKind,
  type FollowupEvent,
  type IncidentEvent,
  type IncidentState,
  type RecordedFollowupEvent,
  type RecordedIncidentEvent,
} from '@continuum/domain';
import { CALL } from '../engine.ts';
import { SERVED } from '../recorder.ts';
import type { Recorder } from '../recorder.ts';
import { ENTRY_POINTS } from '../scenario.ts';
import type { World } from '../world.ts';

/** Who writes simulated history: never a user, so nothing it writes can be taken for a person's work. */
export const SIMULATOR_ACTOR = 'simulator';

/** What the history is written into: the database's own agencies, units and facilities of the region. */
export interface HistoryTarget {
  regionId: string;
  agencies: readonly { id: string; kind: string }[];
  units: readonly { id: string; agencyId: string; name: string; model: string; composition: readonly string[]; partnerAgencyIds: readonly string[] }[];
  facilities: readonly { id: string; kind: FacilityKind }[];
}

export interface BuiltIncident {
  state: IncidentState;
  events: RecordedIncidentEvent[];
}

export interface BuiltEpisode {
  state: EpisodeState;
  events: RecordedFollowupEvent[];
}

/** An audit row as the storage layer takes it (kept structural: sim does not import storage here). */
export interface BuiltAudit {
  at: Date;
  actorId: string;
  role: null;
  agencyId: string | null;
  action: string;
  outcome: 'allowed';
  resourceType: string;
  resourceId: string;
  fieldClasses: string[];
  purpose: null;
  address: null;
  detail: Record<string, unknown>;
}

export interface BuiltCall {
  incident: BuiltIncident;
  episode: BuiltEpisode | null;
  audit: BuiltAudit[];
}

/** The agency that takes a call at each entry point, by kind, first found in the region (DOMAIN.md §6). */
const TAKER_KINDS: Record<string, readonly string[]> = {
  '911': ['psap'],
  '988': ['988_centre'],
  cares: ['cares_line', '988_centre', 'medicaid_mobile_crisis_provider', 'mcrt_provider'],
  direct: ['mcrt_provider', '988_centre'],
};

/**
 * Folds decided events into a call one moment at a time: each step of the call has its own time,
 * as it would if staff had entered it live.
 */
class Call {
  state: IncidentState | null = null;
  readonly events: RecordedIncidentEvent[] = [];
  constructor(readonly id: string) {}

  apply(decided: readonly DecidedEvent[], at: Date): void {
    for (const { event, reason } of decided) {
      const sequence = (this.state?.version ?? 0) + 1;
      this.state = applyIncidentEvent(this.state, event as IncidentEvent, { incidentId: this.id, sequence, occurredAt: at });
      this.events.push({ incidentId: this.id, sequence, type: event.type, occurredAt: at, actorId: SIMULATOR_ACTOR, reason, data: event.data } as RecordedIncidentEvent);
    }
  }

  get s(): IncidentState {
    return this.state!;
  }
}

/**
 * Turns a finished run into the calls it simulated, each decided by the domain's own functions
 * (the triage interview answer by answer, queueing, the assignment and its plan check, each unit
 * step, the close with its disposition, the follow-up episode the programme owes) and dated from
 * `startAt` (the run's minute 0, a Monday 00:00 in the region's zone). Only calls finished by
 * `endAt` are written: the live board never shows a simulated call. Walk-ins are not calls.
 */
export class HistoryBuilder {
  private readonly unitOf: (HistoryTarget['units'][number] | null)[];
  private readonly facilityOf: (string | null)[];
  private readonly takerOf = new Map<string, string>();
  private readonly followupAgency: string | null;

  constructor(
    private readonly world: World,
    private readonly target: HistoryTarget,
    private readonly startAt: Date,
    private readonly endAt: Date,
    private readonly newId: () => string,
  ) {
    if (target.units.length === 0) throw new Error(`region ${target.regionId} has no units in the database: the simulated teams need real units to be written as`);
    // Each simulated team is written as a unit of the database: the one of the same id, else one
    // of the same model, else one that brings police alike; in turn, so the work is spread.
    const turn = new Map<string, number>();
    const pick = <T>(key: string, list: readonly T[]): T => {
      const k = turn.get(key) ?? 0;
      turn.set(key, k + 1);
      return list[k % list.length]!;
    };
    const police = (c: readonly string[]) => c.includes('police_officer');
    this.unitOf = world.units.map((su) => {
      const same = target.units.find((u) => u.id === su.unit.id);
      if (same) return same;
      const model = target.units.filter((u) => u.model === su.unit.model);
      if (model.length) return pick(`m:${su.unit.model}`, model);
      const alike = target.units.filter((u) => police(u.composition) === police(su.unit.composition));
      return alike.length ? pick(`p:${police(su.unit.composition)}`, alike) : null;
    });
    this.facilityOf = world.facilities.map((f) => {
      const same = target.facilities.find((x) => x.id === f.id);
      if (same) return same.id;
      const kind = target.facilities.filter((x) => x.kind === f.kind);
      return kind.length ? pick(`f:${f.kind}`, kind).id : null;
    });
    for (const entry of ENTRY_POINTS) {
      const agency = TAKER_KINDS[entry]!.map((k) => target.agencies.find((a) => a.kind === k)).find(Boolean) ?? target.agencies[0];
      if (!agency) throw new Error(`region ${target.regionId} has no agencies in the database`);
      this.takerOf.set(entry, agency.id);
    }
    this.followupAgency = target.agencies.find((a) => a.kind === 'followup_provider')?.id ?? null;
  }

  private at(minutes: number): Date {
    return new Date(this.startAt.getTime() + Math.round(minutes * 60_000));
  }

  /** Every call of the run received at or after `from` and finished by `endAt`, oldest first. */
  *calls(rec: Recorder, from: Date = this.startAt): Generator<BuiltCall> {
    const fromMinute = (from.getTime() - this.startAt.getTime()) / 60_000;
    const endMinute = (this.endAt.getTime() - this.startAt.getTime()) / 60_000;
    for (let id = 0; id < rec.n; id++) {
      if (rec.kind[id] !== CALL || rec.servedBy[id] === SERVED.pending) continue;
      const t0 = rec.t0[id]!;
      if (t0 < fromMinute || this.finishedAt(rec, id) > endMinute) continue;
      yield this.call(rec, id);
    }
  }

  /** When the call closes: after its team clears, or a set while after answering for the others. */
  private finishedAt(rec: Recorder, id: number): number {
    const served = rec.servedBy[id]!;
    const t0 = rec.t0[id]!;
    if (served === SERVED.phone) return t0 + 15;
    if (rec.unit[id]! >= 0) return rec.clearedAt[id]! > 0 ? rec.clearedAt[id]! : Infinity;
    const response = Number.isFinite(rec.response[id]!) ? rec.response[id]! : 10;
    return t0 + response + 45;
  }

  private call(rec: Recorder, id: number): BuiltCall {
    const world = this.world;
    const entry = ENTRY_POINTS[rec.entry[id]!]!;
    const outcome = world.outcomes[rec.outcome[id]!]!;
    const county = world.counties[rec.county[id]!]!;
    const t0 = rec.t0[id]!;
    const youth = rec.youth[id] === 1;
    const call = new Call(this.newId());
    const takenBy = this.takerOf.get(entry)!;
    const factors = outcome.factors.map((f) => f.replaceAll('_', ' '));
    call.apply([{
      event: {
        type: 'incident.received',
        data: {
          agencyId: takenBy,
          regionId: this.target.regionId,
          entryPoint: entry,
          summary: `Simulated call (level ${outcome.level})${factors.length ? `: ${factors.join(', ')}` : ''}.`,
          location: { address: `Simulated location in ${county.name}`, lat: round5(rec.lat[id]!), lon: round5(rec.lon[id]!) },
          caller: {},
          person: { ...(youth ? { age: 15 } : {}), disability: disabilityOf(id) },
          safetyFlags: [],
          simulated: true,
        },
      },
      reason: null,
    }], this.at(t0));
    // The interview, answer by answer, through the same decision the call-taker's screen makes.
    for (const answer of outcome.answers) {
      call.apply(decideAnswer(call.s, { questionId: answer.questionId, answerKey: answer.answerKey, ...(answer.answerKeys ? { answerKeys: [...answer.answerKeys] } : {}) }, world.protocol, this.target.regionId).events, this.at(t0));
    }
    const served = rec.servedBy[id]!;
    const close = (disposition: Disposition, minute: number, details?: DispositionInput) =>
      call.apply(decideIncidentCommand(call.s, { action: 'close', disposition, ...(details ? { details } : {}) }), this.at(minute));
    const u = rec.unit[id]!;
    const unit = u >= 0 ? this.unitOf[u] : null;
    if (served === SERVED.phone) {
      if (entry === '911') {
        call.apply(decideIncidentCommand(call.s, { action: 'transfer_to_988' }), this.at(t0 + 2));
        close('transferred_to_988', t0 + 15);
      } else close('resolved_by_phone', t0 + 15);
    } else if (served === SERVED.police_ems || served === SERVED.ems) {
      const ed = this.target.facilities.find((f) => f.kind === 'emergency_department');
      if (entry !== '911') {
        call.apply(decideIncidentCommand(call.s, { action: 'escalate_to_911', reason: 'imminent danger: emergency services (simulated)' }), this.at(t0 + 3));
        close('escalated_to_911', t0 + 5);
      } else if (ed) close('emergency_department', t0 + rec.response[id]! + 45, { transport: { by: 'ems', destination: 'facility', facilityId: ed.id } });
      else close('referred', t0 + rec.response[id]! + 45);
    } else if (!unit) {
      // CESSA §30: police answered because no crisis team could arrive within the maximum.
      const arrived = t0 + (Number.isFinite(rec.response[id]!) ? rec.response[id]! : 10);
      call.apply(decideIncidentCommand(call.s, { action: 'queue_for_dispatch' }), this.at(t0));
      call.apply(decideNote(call.s, 'note', SIMULATOR_ACTOR, served === SERVED.police_fallback
        ? 'No crisis team could arrive within the maximum: police responded (CESSA §30 fallback, simulated).'
        : 'No crisis team to pair with police: police responded alone (simulated).', null).events, this.at(arrived));
      call.apply(decideIncidentCommand(call.s, { action: 'cancel', reason: 'answered by police outside Continuum (simulated)' }), this.at(arrived + 45));
    } else {
      this.dispatched(call, rec, id, unit);
    }
    const state = call.s;
    const audit: BuiltAudit[] = [
      this.audit('incident.create', state, state.receivedAt, { simulated: true }),
      this.audit(`incident.${state.status === 'cancelled' ? 'cancel' : 'close'}`, state, state.closedAt ?? state.updatedAt, { simulated: true, to: state.status, disposition: state.disposition }),
    ];
    const episode = this.followUp(rec, id, state);
    if (episode) audit.push(this.audit('followup.open', state, episode.state.openedAt, { simulated: true, followUpEpisodeId: episode.state.id, programme: episode.state.programme }));
    return { incident: { state, events: call.events }, episode, audit };
  }

  private dispatched(call: Call, rec: Recorder, id: number, unit: HistoryTarget['units'][number]): void {
    const su = this.world.units[rec.unit[id]!]!;
    const t0 = rec.t0[id]!;
    const sent = rec.dispatchedAt[id]!;
    call.apply(decideIncidentCommand(call.s, { action: 'queue_for_dispatch' }), this.at(t0));
    const dispatchUnit = { ...su.unit, id: unit.id, name: unit.name, agencyId: unit.agencyId, model: su.unit.model, status: 'available' as const };
    let decision;
    try {
      decision = decideAssignment(call.s, { units: [{ unit: dispatchUnit, coversIncident: true, partnerAgencyIds: unit.partnerAgencyIds }], onCall: [] });
    } catch {
      // The simulated team broke the plan the way the simulator allowed (the plan's alternative team): recorded as a dispatcher would.
      decision = decideAssignment(call.s, {
        units: [{ unit: dispatchUnit, coversIncident: true, partnerAgencyIds: unit.partnerAgencyIds }],
        onCall: [],
        justification: { code: 'no_fitting_unit_available', cessa30: 'crisis_team_unavailable_within_regional_maximum', note: 'simulated: the plan’s alternative when no team could arrive within the maximum' },
      });
    }
    call.apply(decision.events, this.at(sent));
    call.apply(decideProgress(call.s, unit.id, 'en_route').events, this.at(sent));
    const arrived = t0 + rec.response[id]!;
    call.apply(decideProgress(call.s, unit.id, 'on_scene').events, this.at(arrived));
    const f = rec.facility[id]!;
    const facilityId = f >= 0 ? this.facilityOf[f] : null;
    const cleared = rec.clearedAt[id]!;
    if (rec.transported[id] === 1 && facilityId) {
      call.apply(decideProgress(call.s, unit.id, 'transporting', { facilityId }).events, this.at(rec.sceneDoneAt[id]!));
      call.apply(decideProgress(call.s, unit.id, 'at_destination').events, this.at(rec.atFacilityAt[id]!));
      const disposition: Disposition = this.world.facilities[f]!.kind === 'emergency_department' ? 'emergency_department' : 'transported';
      call.apply(decideIncidentCommand(call.s, { action: 'close', disposition, details: { transport: { by: 'crisis_team', destination: 'facility', facilityId } } }), this.at(cleared));
    } else {
      call.apply(decideIncidentCommand(call.s, { action: 'close', disposition: 'stabilised_on_site' }), this.at(cleared));
    }
  }

  /** The follow-up episode the answering team's programme owes (the run drew whether and how long); closed when its days ran out before `endAt`. */
  private followUp(rec: Recorder, id: number, incident: IncidentState): BuiltEpisode | null {
    const days = rec.followupFor[id]!;
    const u = rec.unit[id]!;
    if (!(days > 0) || u < 0 || !incident.closedAt) return null;
    const su = this.world.units[u]!;
    const programme = rec.youth[id] === 1 ? 'youth_cares' : su.programme;
    if (!programme) return null;
    const unit = this.unitOf[u]!;
    const episodeId = this.newId();
    const events: RecordedFollowupEvent[] = [];
    let state: EpisodeState | null = null;
    const apply = (decided: readonly DecidedEvent<FollowupEvent>[], at: Date) => {
      for (const { event, reason } of decided) {
        const sequence = (state?.version ?? 0) + 1;
        state = applyFollowupEvent(state, event, { episodeId, sequence, occurredAt: at });
        events.push({ episodeId, sequence, type: event.type, occurredAt: at, actorId: SIMULATOR_ACTOR, reason, data: event.data } as RecordedFollowupEvent);
      }
    };
    const openedAt = incident.closedAt;
    apply(openEpisode({ incidentId: incident.id, agencyId: this.followupAgency ?? unit.agencyId, regionId: incident.regionId, programme, personRef: null, openedAt, assignedTo: null }), openedAt);
    const ends = new Date(openedAt.getTime() + days * 86_400_000);
    if (ends.getTime() <= this.endAt.getTime()) apply(closeEpisode(state!, { reason: 'connected_to_care', note: 'simulated' }, ends), ends);
    return { state: state!, events };
  }

  private audit(action: string, s: IncidentState, at: Date, detail: Record<string, unknown>): BuiltAudit {
    return { at, actorId: SIMULATOR_ACTOR, role: null, agencyId: s.agencyId, action, outcome: 'allowed', resourceType: 'incident', resourceId: s.id, fieldClasses: [], purpose: null, address: null, detail };
  }
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/**
 * The intake's disability answer of a simulated call, from its index rather than the random
 * stream (so the calls drawn stay the same): about a quarter yes (the CDC's one adult in four),
 * a fifth not known, the rest no.
 */
function disabilityOf(id: number): 'yes' | 'no' | 'unknown' {
  const k = id % 20;
  return k < 5 ? 'yes' : k < 16 ? 'no' : 'unknown';
}
