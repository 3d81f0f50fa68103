import { READABLE_CLASSES, type FieldClass } from './field-classes.ts';
import type { Principal } from './policy.ts';
import { PURPOSE_OF_ROLE, type Purpose, type Reach } from './sharing.ts';

/**
 * A person's consent to disclose substance-use treatment information (42 CFR Part 2) from the
 * programme that holds it to named recipients, for a purpose, until a date.
 */
export interface Part2Consent {
  id: string;
  /** An incident's consent covers that record; a person's covers the person's linked incidents too. */
  recordType?: 'incident' | 'person';
  recordId: string;
  programmeAgencyId: string;
  recipientAgencyIds: string[];
  purposes: Purpose[];
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The notice every disclosure of Part 2 information carries (42 CFR §2.32). */
export const PART2_NOTICE =
  'This record which has been disclosed to you is protected by federal confidentiality rules (42 CFR part 2). ' +
  'These rules prohibit you from using or disclosing this record, or testimony that describes the information ' +
  'contained in this record, in any civil, criminal, administrative, or legislative proceedings against the ' +
  'individual who is the subject of the record, and from making any further disclosure unless permitted by the ' +
  'regulations or with the written consent of the individual.';

export const isConsentActive = (c: Part2Consent, now: Date): boolean => c.revokedAt === null && now < c.expiresAt;

/**
 * Adds the Part 2 class to a reach when the reader may see it: a care-team role inside the
 * programme that recorded it, or a recipient of an active consent for the reader's purpose.
 * Agreements and break-glass never open Part 2 data: only the person's consent does, given for
 * this record or, as a person-level consent, for the person the record is linked to.
 */
export function withPart2(
  reach: Reach,
  principal: Pick<Principal, 'role' | 'agencyId'>,
  record: { id: string; part2ProgrammeAgencyId: string | null; personId?: string | null },
  consents: readonly Part2Consent[],
  now: Date,
): Reach {
  const programme = record.part2ProgrammeAgencyId;
  if (!programme || !READABLE_CLASSES[principal.role].includes('clinical')) return reach;
  const inProgramme = principal.agencyId === programme;
  const consented = consents.some(
    (c) =>
      coversRecord(c, record) &&
      c.programmeAgencyId === programme &&
      isConsentActive(c, now) &&
      c.recipientAgencyIds.includes(principal.agencyId) &&
      c.purposes.includes(PURPOSE_OF_ROLE[principal.role]),
  );
  if (!inProgramme && !consented) return reach;
  const classes: FieldClass[] = [...reach.classes, 'substance_use_part2'];
  return { ...reach, classes };
}

/** Whether a consent was given for this record, or for the person it is linked to. */
const coversRecord = (c: Part2Consent, record: { id: string; personId?: string | null }): boolean =>
  (c.recordType ?? 'incident') === 'incident' ? c.recordId === record.id : Boolean(record.personId) && c.recordId === record.personId;
