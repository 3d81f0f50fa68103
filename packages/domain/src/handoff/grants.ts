import { HANDOFF_FIELD_CLASSES } from './receivers.ts';
import type { Handoff, HandoffGrant } from './types.ts';

/**
 * The access a hand-off gives its receiver while it is offered or accepted: the incident, by the
 * classes its kind needs. A declined, expired or rolled-over hand-off gives nothing (the backup
 * centre's own hand-off gives it to the backup).
 */
export function grantOf(h: Pick<Handoff, 'id' | 'incidentId' | 'toAgencyId' | 'kind' | 'state'>): HandoffGrant | null {
  if (h.state !== 'offered' && h.state !== 'accepted') return null;
  return { handoffId: h.id, incidentId: h.incidentId, agencyId: h.toAgencyId, fieldClasses: [...HANDOFF_FIELD_CLASSES[h.kind]] };
}
