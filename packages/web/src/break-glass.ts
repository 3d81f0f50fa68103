import { isApiError } from '@continuum/sdk';
import { describeWriteError, type FormIssues } from './form-issues.ts';
import { formatTime } from './datetime.ts';

/** The fewest characters of reason the server accepts (BreakGlassRequest in contracts). */
export const REASON_MIN = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An incident id as pasted: spaces, a copied `#` and surrounding quotes are not part of it. */
export const cleanId = (raw: string): string => raw.trim().replace(/^["'#]+|["']+$/g, '').toLowerCase();

/** What to fix before asking the server: an id that is a UUID and a reason of a sentence or more. */
export function checkBreakGlass(id: string, reason: string): FormIssues {
  const fields: Record<string, string> = {};
  if (id === '') fields.id = 'Enter the incident id';
  else if (!UUID.test(id)) fields.id = 'An incident id looks like 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';
  const length = reason.trim().length;
  if (length === 0) fields.reason = 'Write why you need this record: it is kept in the audit trail';
  else if (length < REASON_MIN) fields.reason = `Write at least ${REASON_MIN} characters: why is this record needed? (${length} so far)`;
  return { fields, general: [] };
}

/** A refused opening in words a supervisor can act on; an unknown id is told apart from the rest. */
export function describeBreakGlassError(error: unknown): FormIssues {
  // The server says the same for a record in another region: it does not exist for this reader.
  if (isApiError(error, 'not_found')) return { fields: { id: 'No incident with that id in your region' }, general: [] };
  if (isApiError(error, 'forbidden')) return { fields: {}, general: ['Your role may not open restricted records. Ask your supervisor or the privacy officer.'] };
  return describeWriteError(error, ['id', 'reason']);
}

/** "14:05": when a break-glass opening ends, on the region's clock. */
export const formatUntil = (iso: string): string => formatTime(iso);
