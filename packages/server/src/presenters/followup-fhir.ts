import { createHash } from 'node:crypto';
import { PROGRAMMES, type EpisodeState, type FieldClass, type Referral, type ReferralStatus } from '@continuum/domain';

/** FHIR R4 Task.status for each referral status (the warm hand-off's progress at the provider). */
export const TASK_STATUS: Record<ReferralStatus, string> = {
  requested: 'requested',
  accepted: 'accepted',
  first_appointment_kept: 'in-progress',
  completed: 'completed',
  declined: 'rejected',
  cancelled: 'cancelled',
};

/** FHIR R4 ServiceRequest.status: the order stays active until it is completed or withdrawn. */
export const SERVICE_REQUEST_STATUS: Record<ReferralStatus, string> = {
  requested: 'active',
  accepted: 'active',
  first_appointment_kept: 'active',
  completed: 'completed',
  declined: 'revoked',
  cancelled: 'revoked',
};

// Local code systems: Continuum's own codes, named as such, rather than borrowed SNOMED codes
// that a receiving system would read as a clinical assertion we did not make.
const SYSTEM = {
  category: 'urn:continuum:codesystem:referral-category',
  programme: 'urn:continuum:codesystem:followup-programme',
  agency: 'urn:continuum:agency',
  episode: 'urn:continuum:followup-episode',
  referral: 'urn:continuum:referral',
} as const;

/** A stable UUID derived from a name, so the same referral exports the same Task fullUrl every time. */
function uuidFrom(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/**
 * The subject, by identifier: the programme's person reference when the reader may see identity,
 * otherwise the episode, which says nothing of who the person is.
 */
function subjectOf(e: EpisodeState, readable: readonly FieldClass[]) {
  if (e.personRef && readable.includes('identity')) return { type: 'Patient', identifier: { system: `${SYSTEM.agency}:${e.agencyId}:person`, value: e.personRef } };
  return { type: 'Patient', identifier: { system: SYSTEM.episode, value: e.id } };
}

/**
 * A referral as a FHIR R4 Bundle (collection) of a ServiceRequest and its Task (DOMAIN.md §10):
 * the order from the follow-up programme, and the provider's progress on it.
 */
export function referralBundle(e: EpisodeState, r: Referral, opts: { readable: readonly FieldClass[]; requesterName: string; now: Date }) {
  const programme = PROGRAMMES[e.programme];
  const subject = subjectOf(e, opts.readable);
  const requester = { type: 'Organization', identifier: { system: SYSTEM.agency, value: e.agencyId }, display: opts.requesterName };
  const performer = { type: 'Organization', display: r.providerName, ...(r.providerAgencyId ? { identifier: { system: SYSTEM.agency, value: r.providerAgencyId } } : {}) };
  const serviceRequestUrl = `urn:uuid:${r.id}`;
  const taskId = uuidFrom(`${r.id}:task`);
  const serviceRequest = {
    resourceType: 'ServiceRequest',
    id: r.id,
    identifier: [{ system: SYSTEM.referral, value: r.id }],
    status: SERVICE_REQUEST_STATUS[r.status],
    intent: 'order',
    category: [{ coding: [{ system: SYSTEM.category, code: 'behavioural-health-crisis-follow-up', display: 'Behavioural-health crisis follow-up' }] }],
    code: { text: r.service },
    reasonCode: [{ coding: [{ system: SYSTEM.programme, code: programme.id, display: programme.label }], text: 'Follow-up after a behavioural-health crisis' }],
    subject,
    authoredOn: r.createdAt.toISOString(),
    ...(r.appointmentAt ? { occurrenceDateTime: r.appointmentAt.toISOString() } : { occurrencePeriod: { start: e.openedAt.toISOString(), end: e.windowEndsAt.toISOString() } }),
    requester,
    performer: [performer],
  };
  const task = {
    resourceType: 'Task',
    id: taskId,
    status: TASK_STATUS[r.status],
    businessStatus: { text: r.status.replaceAll('_', ' ') },
    intent: 'order',
    focus: { reference: serviceRequestUrl, type: 'ServiceRequest' },
    for: subject,
    authoredOn: r.createdAt.toISOString(),
    lastModified: r.updatedAt.toISOString(),
    requester,
    owner: performer,
  };
  return {
    resourceType: 'Bundle' as const,
    type: 'collection' as const,
    timestamp: opts.now.toISOString(),
    entry: [
      { fullUrl: serviceRequestUrl, resource: serviceRequest },
      { fullUrl: `urn:uuid:${taskId}`, resource: task },
    ],
  };
}
