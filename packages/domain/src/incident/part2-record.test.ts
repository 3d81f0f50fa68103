import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { applyPart2Event, decideSubstanceUse, PART2_EVENT_CLASSES } from './part2-record.ts';
import { applyIncidentEvent } from './project.ts';
import type { IncidentState } from './types.ts';

const at = new Date('2026-11-22T10:00:00Z');
const incident = (status: IncidentState['status']): IncidentState => ({
  ...applyIncidentEvent(
    null,
    { type: 'incident.received', data: { agencyId: 'a', regionId: 'r', entryPoint: '988', summary: 's', location: { address: 'x' }, caller: {}, person: {}, safetyFlags: [] } },
    { incidentId: 'i1', sequence: 1, occurredAt: at },
  ),
  status,
});

describe('the Part 2 stream of an incident', () => {
  it('records the note for the recorder’s programme while the incident is open', () => {
    const decided = decideSubstanceUse(incident('on_scene'), { note: '  methadone 80 mg ', programmeAgencyId: 'p', reason: ' ' });
    expect(decided).toEqual([{ event: { type: 'part2.substance_use_recorded', data: { note: 'methadone 80 mg', programmeAgencyId: 'p' } }, reason: null }]);
  });

  it('refuses a closed incident with its state, and a blank note naming the field', () => {
    expect(() => decideSubstanceUse(incident('closed'), { note: 'x', programmeAgencyId: 'p' })).toThrowError(
      expect.objectContaining({ code: 'illegal_transition', details: expect.objectContaining({ currentStatus: 'closed' }) }) as DomainError,
    );
    expect(() => decideSubstanceUse(incident('triaged'), { note: ' ', programmeAgencyId: 'p' })).toThrowError(
      expect.objectContaining({ code: 'validation_failed', issues: [expect.objectContaining({ field: 'note', rule: 'required' })] }) as DomainError,
    );
  });

  it('folds into a record with a version of its own; a later recording replaces the note', () => {
    const first = applyPart2Event(null, { type: 'part2.substance_use_recorded', data: { note: 'a', programmeAgencyId: 'p' } }, { incidentId: 'i1', sequence: 1, occurredAt: at });
    const later = new Date(at.getTime() + 60_000);
    const second = applyPart2Event(first, { type: 'part2.substance_use_recorded', data: { note: 'b', programmeAgencyId: 'p' } }, { incidentId: 'i1', sequence: 2, occurredAt: later });
    expect(first).toEqual({ incidentId: 'i1', programmeAgencyId: 'p', note: 'a', version: 1, updatedAt: at });
    expect(second).toEqual({ incidentId: 'i1', programmeAgencyId: 'p', note: 'b', version: 2, updatedAt: later });
  });

  it('classes every Part 2 event, its type and every field, as Part 2', () => {
    const specs = Object.values(PART2_EVENT_CLASSES);
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) expect(new Set([spec.type, ...Object.values(spec.data)])).toEqual(new Set(['substance_use_part2']));
  });
});
