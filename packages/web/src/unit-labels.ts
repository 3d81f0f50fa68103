import { MODEL_LABELS, ROLE_LABELS, type CredentialStatusCode, type ResponseModel } from '@continuum/domain';

/** A unit's response model in words ("Program 590 mobile crisis"), never its code. */
export function modelLabel(model: string): string {
  const label = (MODEL_LABELS as Record<string, string>)[model];
  return label ? label[0]!.toUpperCase() + label.slice(1) : 'Other response model';
}

/** A crew member's role in words; crews are made of the console's roles. */
export const crewRoleLabel = (role: string): string => (ROLE_LABELS as Record<string, string>)[role] ?? 'Crew member';

/** Where a member stands against the CESSA one-year peer credential rule. */
export const CREDENTIAL_STATUS_LABELS: Record<CredentialStatusCode, string> = {
  credentialed: 'Credentialed',
  in_first_year: 'In the first year: credential not yet needed',
  due: 'Credential due soon',
  overdue: 'Credential overdue',
  no_hire_date: 'No hire date recorded',
  not_required: 'No peer credential required',
};

const languages = new Intl.DisplayNames(['en'], { type: 'language' });
/** A BCP 47 tag in words ("es-MX" → "Spanish (Mexico)"); an unknown tag stays as typed. */
export function languageName(tag: string): string {
  try {
    return languages.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export type { ResponseModel };
