import { READABLE_CLASSES, type FieldClass } from './field-classes.ts';
import type { HandoffGrant } from '../handoff/types.ts';
import type { Principal } from './policy.ts';
import type { Role } from './roles.ts';

/** Why a record is read: agreements name the purposes they allow (DOMAIN.md §9). */
export const PURPOSES = ['crisis_response', 'follow_up', 'care_coordination', 'reporting'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The purpose each role reads records for; the audit row records it. */
export const PURPOSE_OF_ROLE: Record<Role, Purpose> = {
  telecommunicator: 'crisis_response',
  crisis_counsellor: 'crisis_response',
  crisis_dispatcher: 'crisis_response',
  mcrt_clinician: 'crisis_response',
  engagement_specialist: 'crisis_response',
  police_officer: 'crisis_response',
  ems_crew: 'crisis_response',
  supervisor: 'crisis_response',
  case_manager: 'follow_up',
  facility_intake: 'care_coordination',
  rac_analyst: 'reporting',
  auditor: 'reporting',
  privacy_officer: 'reporting',
  administrator: 'reporting',
};

/**
 * A data-sharing agreement: which agencies share, for which purposes, which classes of field,
 * from when until when. Records cross agency lines only under one; ending it ends the access.
 */
export interface SharingAgreement {
  id: string;
  name: string;
  agencyIds: string[];
  purposes: Purpose[];
  fieldClasses: FieldClass[];
  startsAt: Date;
  endsAt: Date | null;
  endedAt: Date | null;
}

/** A supervisor's time-boxed opening of one restricted record, with a written reason. */
export interface BreakGlassGrant {
  userId: string;
  recordId: string;
  expiresAt: Date;
}

export const isAgreementActive = (a: SharingAgreement, now: Date): boolean =>
  a.startsAt <= now && (a.endsAt === null || now < a.endsAt) && (a.endedAt === null || now < a.endedAt);

export interface Reach {
  /** The classes of field this reader may see of this record. */
  classes: FieldClass[];
  via: 'own_agency' | 'agreement' | 'handoff' | 'break_glass';
  purpose: Purpose;
  agreementIds: string[];
  /** The hand-offs that opened the record to the reader's agency (issue 11 §1), when any did. */
  handoffIds?: string[];
}

/**
 * Whether, and how much of, a record owned by `record.agencyId` a principal may read. Null means
 * not at all, which callers answer with "not found" so that a guessed id reveals nothing.
 */
export function reachOf(
  principal: Pick<Principal, 'role' | 'agencyId' | 'userId'>,
  record: { id: string; agencyId: string },
  agreements: readonly SharingAgreement[],
  now: Date,
  grants: readonly BreakGlassGrant[] = [],
  handoffs: readonly HandoffGrant[] = [],
): Reach | null {
  const roleClasses = READABLE_CLASSES[principal.role];
  const purpose = PURPOSE_OF_ROLE[principal.role];
  if (roleClasses.length === 0) return null;
  if (record.agencyId === principal.agencyId) return { classes: [...roleClasses], via: 'own_agency', purpose, agreementIds: [] };
  const covering = agreements.filter(
    (a) => isAgreementActive(a, now) && a.purposes.includes(purpose) && a.agencyIds.includes(principal.agencyId) && a.agencyIds.includes(record.agencyId),
  );
  // A hand-off opens one incident to the receiving agency, by its kind's classes, without an
  // agreement; where an agreement covers the agencies too, the reader gets what either allows.
  const handedTo = handoffs.filter((h) => h.incidentId === record.id && h.agencyId === principal.agencyId);
  if (covering.length > 0 || handedTo.length > 0) {
    const shared = new Set([...covering.flatMap((a) => a.fieldClasses), ...handedTo.flatMap((h) => h.fieldClasses)]);
    const classes = roleClasses.filter((c) => shared.has(c));
    const handoffIds = handedTo.length ? { handoffIds: handedTo.map((h) => h.handoffId) } : {};
    if (classes.length > 0) return { classes, via: covering.length ? 'agreement' : 'handoff', purpose, agreementIds: covering.map((a) => a.id), ...handoffIds };
  }
  if (grants.some((g) => g.userId === principal.userId && g.recordId === record.id && now < g.expiresAt)) {
    return { classes: [...roleClasses], via: 'break_glass', purpose, agreementIds: [] };
  }
  return null;
}

/** The agencies whose records a principal can see some of under the agreements now in force. */
export function agenciesInReach(principal: Pick<Principal, 'role' | 'agencyId'>, agreements: readonly SharingAgreement[], now: Date): string[] {
  if (READABLE_CLASSES[principal.role].length === 0) return [];
  const purpose = PURPOSE_OF_ROLE[principal.role];
  const out = new Set([principal.agencyId]);
  for (const a of agreements) {
    if (isAgreementActive(a, now) && a.purposes.includes(purpose) && a.agencyIds.includes(principal.agencyId)) {
      for (const id of a.agencyIds) out.add(id);
    }
  }
  return [...out];
}
