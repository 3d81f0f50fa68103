import { describe, expect, it } from 'vitest';
import { FIELD_CLASSES, READABLE_CLASSES, type FieldClass } from '../access/field-classes.ts';
import { classesOf, EVENT_ENVELOPE_CLASSES, INCIDENT_EVENT_CLASSES, redactEvent } from './event-classes.ts';
import type { RecordedIncidentEvent } from './events.ts';

const at = new Date('2026-03-01T10:00:00Z');
const event = (type: RecordedIncidentEvent['type'], data: unknown, reason: string | null = null) =>
  ({ type, occurredAt: at, actorId: 'u1', reason, data }) as RecordedIncidentEvent;

describe('the classes of incident events', () => {
  it('names a known field class for every event type, its envelope and every field', () => {
    const entries = Object.entries(INCIDENT_EVENT_CLASSES);
    expect(entries.length).toBeGreaterThan(20);
    for (const [type, spec] of entries) {
      const named = [spec.type, ...classesOf(spec.data as never)];
      for (const c of named) expect(FIELD_CLASSES, type).toContain(c);
    }
    for (const c of Object.values(EVENT_ENVELOPE_CLASSES)) expect(FIELD_CLASSES).toContain(c);
  });

  it('holds no Part 2 class: Part 2 records are a stream of their own, outside the incident history', () => {
    const entries = Object.entries(INCIDENT_EVENT_CLASSES);
    expect(entries.length).toBeGreaterThan(20);
    for (const [type, spec] of entries) expect([spec.type, ...classesOf(spec.data as never)], type).not.toContain('substance_use_part2');
  });

  it('shows police the safety parts of a call and none of its clinical or identifying parts', () => {
    const e = event('incident.received', {
      agencyId: 'a', regionId: 'r', entryPoint: '911', summary: 'hearing voices', location: { address: '1 Main St' },
      caller: { name: 'Ana', callbackNumber: '555' }, person: { name: 'Luis', age: 29 }, safetyFlags: ['dog'],
    });
    const police = redactEvent(e, READABLE_CLASSES.police_officer);
    expect(police).toEqual({
      type: 'incident.received', occurredAt: at, actorId: 'u1',
      data: { agencyId: 'a', regionId: 'r', entryPoint: '911', location: { address: '1 Main St' }, caller: { callbackNumber: '555' }, safetyFlags: ['dog'] },
    });
  });

  it('keeps free-text reasons and close notes from readers without the clinical class', () => {
    const closed = event('incident.closed', { disposition: 'referred', detail: { transport: null, referredTo: ['Dr X'], involuntaryPetition: null, arrest: false, useOfForce: false, injuries: { person: false, responder: false, other: false }, deflectionPathway: null, diversion: null, note: 'takes lithium' } }, 'takes lithium');
    const admin = redactEvent(closed, READABLE_CLASSES.administrator)!;
    expect(JSON.stringify(admin)).not.toContain('lithium');
    expect(JSON.stringify(admin)).not.toContain('Dr X');
    expect(admin).not.toHaveProperty('reason');
    const clinician = redactEvent(closed, READABLE_CLASSES.mcrt_clinician)!;
    expect(clinician.reason).toBe('takes lithium');
    expect(clinician.data).toMatchObject({ detail: { note: 'takes lithium', referredTo: ['Dr X'] } });
  });

  it('classes a free-text destination as a place: police see it, an operational-only reader does not', () => {
    const e = event('incident.unit_progressed', { unitId: 'u', stage: 'transporting', destination: "her sister's flat", facilityId: null, position: null });
    const readable = (classes: readonly FieldClass[]) => redactEvent(e, classes)!.data;
    expect(readable(READABLE_CLASSES.police_officer)).toHaveProperty('destination', "her sister's flat");
    expect(readable(READABLE_CLASSES.administrator)).not.toHaveProperty('destination');
  });

  it('withholds an event type it has no entry for', () => {
    expect(redactEvent(event('incident.not_a_type' as RecordedIncidentEvent['type'], {}), READABLE_CLASSES.supervisor)).toBeNull();
  });
});
