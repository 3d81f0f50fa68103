import { isApiError, type ApiIssue } from '@continuum/sdk';
import { GROUND_FACT, type PoliceJustification } from '@continuum/domain';
import { JUSTIFICATION_LABELS } from './intake-format.ts';

/** Messages by form field, plus what belongs to no field the form shows. */
export interface FormIssues {
  fields: Record<string, string>;
  general: string[];
}

export const NO_ISSUES: FormIssues = { fields: {}, general: [] };

/**
 * Files each issue under the form field its path names: the field itself, or the nearest known
 * parent (`safetyFlags.2` → `safetyFlags`). Issues no field shows go to `general`.
 */
export function fileIssues(issues: readonly ApiIssue[], known: readonly string[]): FormIssues {
  const out: FormIssues = { fields: {}, general: [] };
  for (const issue of issues) {
    const field = known.filter((k) => issue.field === k || issue.field.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
    // The first message per field is the one to fix first; more would crowd the form.
    if (field) out.fields[field] ??= issue.message;
    else out.general.push(issue.field ? `${issue.field}: ${issue.message}` : issue.message);
  }
  return out;
}

/**
 * A 422 refusing a CESSA §30 ground the call's facts do not support (issue 12 §4), in words: the
 * ground's label and the fact it needs, never the codes. Null for any other error.
 */
export function groundRefusal(error: unknown, maySupervise: boolean): string | null {
  if (!isApiError(error, 'unknown_reference')) return null;
  const ground = error.details['ground'];
  if (typeof ground !== 'string' || !(ground in GROUND_FACT)) return null;
  const code = ground as PoliceJustification;
  const words = `“${JUSTIFICATION_LABELS[code]}” needs ${GROUND_FACT[code].needs}, and this call has none recorded.`;
  return maySupervise ? `${words} As a supervisor you may let it stand with a written reason.` : `${words} Choose another ground, or ask a supervisor.`;
}

/** Words a call-taker can act on for a failed write, with the server's field issues filed. */
export function describeWriteError(error: unknown, known: readonly string[]): FormIssues {
  // A 422 naming a field (a §30 ground the call's facts do not support, issue 12 §4) is shown at that field too.
  if (isApiError(error, 'validation_failed', 'unknown_reference') && error.issues.length > 0) return fileIssues(error.issues, known);
  if (isApiError(error, 'network_error', 'timeout', 'unavailable')) {
    return { fields: {}, general: ['The server did not answer. Nothing was lost on this screen: try again in a moment.'] };
  }
  if (isApiError(error, 'conflict', 'illegal_transition')) {
    return { fields: {}, general: [`The call changed meanwhile: ${error.message}. The screen now shows where it stands.`] };
  }
  if (isApiError(error, 'forbidden')) return { fields: {}, general: ['Your role may not do this. Ask your supervisor.'] };
  if (isApiError(error)) return { fields: {}, general: [error.message] };
  return { fields: {}, general: ['Something unexpected went wrong. Try again; if it keeps failing, tell your supervisor.'] };
}
