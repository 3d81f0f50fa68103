import type { FieldClass } from '../access/field-classes.ts';
import { invalid } from '../errors.ts';
import { requireAllowed } from './decide.ts';
import type { DecidedEvent } from './events.ts';
import type { IncidentState } from './types.ts';

/**
 * Substance-use treatment information (42 CFR Part 2) about an incident is a stream of its own,
 * beside the incident's (ADR 0016): that such a record exists is itself Part 2 information, so
 * recording it must not move the incident's version, its time or its events, nor wake the feed
 * of readers who may not read it.
 */
export type Part2Event = { type: 'part2.substance_use_recorded'; data: { note: string; programmeAgencyId: string } };
export type Part2EventType = Part2Event['type'];

/** An event of the Part 2 stream as stored, numbered within that stream. */
export interface RecordedPart2Event {
  incidentId: string;
  sequence: number;
  type: Part2EventType;
  occurredAt: Date;
  actorId: string;
  reason: string | null;
  data: Part2Event['data'];
}

/** The Part 2 record of one incident: held by the programme that recorded it, with its own version. */
export interface Part2Record {
  incidentId: string;
  programmeAgencyId: string;
  note: string;
  version: number;
  updatedAt: Date;
}

/** Every field of a Part 2 event, its type included, is Part 2 information. */
export const PART2_EVENT_CLASSES = {
  'part2.substance_use_recorded': { type: 'substance_use_part2', data: { note: 'substance_use_part2', programmeAgencyId: 'substance_use_part2' } },
} as const satisfies { readonly [T in Part2EventType]: { type: FieldClass; data: { readonly [K in keyof Extract<Part2Event, { type: T }>['data']]: FieldClass } } };

/**
 * Records substance-use information on an incident: allowed while the incident is open (the
 * state machine's `record_substance_use` rule), held by the recorder's programme.
 */
export function decideSubstanceUse(incident: IncidentState, command: { note: string; programmeAgencyId: string; reason?: string }): DecidedEvent<Part2Event>[] {
  requireAllowed(incident, 'record_substance_use');
  const note = command.note.trim();
  if (!note) throw invalid([{ field: 'note', rule: 'required', message: 'write the substance-use information to record' }]);
  const reason = command.reason?.trim() ? command.reason.trim() : null;
  return [{ event: { type: 'part2.substance_use_recorded', data: { note, programmeAgencyId: command.programmeAgencyId } }, reason }];
}

/** Folds one Part 2 event into the record. Pure: the store replays the stream through it. */
export function applyPart2Event(record: Part2Record | null, event: Part2Event, meta: { incidentId: string; sequence: number; occurredAt: Date }): Part2Record {
  switch (event.type) {
    case 'part2.substance_use_recorded':
      return { ...record, incidentId: meta.incidentId, programmeAgencyId: event.data.programmeAgencyId, note: event.data.note, version: meta.sequence, updatedAt: meta.occurredAt };
  }
}
