import { FIELD_CLASSES, PURPOSES, type FieldClass, type Purpose } from '@continuum/domain';
import type { AgreementView, CreateAgreementInput } from '@continuum/sdk';
import { regionDay, startOfRegionDay } from '../../datetime.ts';

/** Field classes an agreement can share: Part 2 data needs the person's consent, never an agreement alone. */
export const SHAREABLE_CLASSES = FIELD_CLASSES.filter((c): c is Exclude<FieldClass, 'substance_use_part2'> => c !== 'substance_use_part2');
/** The purposes an agreement can name. */
export const AGREEMENT_PURPOSES: readonly Purpose[] = PURPOSES;

/** The new-agreement form as typed. */
export interface AgreementForm {
  name: string;
  /** Agencies ticked from those already in agreements. */
  agencies: string[];
  /** More agency ids, separated by commas or spaces. */
  otherAgencies: string;
  purposes: Purpose[];
  fieldClasses: (typeof SHAREABLE_CLASSES)[number][];
  /** `YYYY-MM-DD` in the reader's time zone; the agreement runs from that day's start. */
  startsOn: string;
  /** Optional; the agreement ends at the start of that day. */
  endsOn: string;
}

/** Today as `YYYY-MM-DD`, in the region's time zone. */
export const today = (now = new Date()): string => regionDay(now);

/** A blank form that starts today. */
export const emptyAgreementForm = (): AgreementForm => ({
  name: '', agencies: [], otherAgencies: '', purposes: [], fieldClasses: [], startsOn: today(), endsOn: '',
});

/** Every agency named in an agreement: the closest the console has to a list of agencies. */
export const knownAgencies = (agreements: readonly AgreementView[]): string[] =>
  [...new Set(agreements.flatMap((a) => a.agencyIds))].sort();

/** The region's midnight starting the day: an agreement runs by the region's calendar. */
const localMidnight = (day: string): string => startOfRegionDay(day).toISOString();

/** The agencies of the form: ticked ones and typed ones, once each. */
export const agenciesOf = (form: AgreementForm): string[] =>
  [...new Set([...form.agencies, ...form.otherAgencies.split(/[\s,]+/).map((a) => a.trim()).filter(Boolean)])];

/**
 * The problems the form can see before asking the server, by field. The server checks again,
 * and also that every agency exists.
 */
export function agreementProblems(form: AgreementForm): Record<string, string> {
  const out: Record<string, string> = {};
  if (!form.name.trim()) out.name = 'Give the agreement a name, as it is called on paper.';
  if (agenciesOf(form).length < 2) out.agencyIds = 'An agreement needs at least two agencies.';
  if (form.purposes.length === 0) out.purposes = 'Choose at least one purpose.';
  if (form.fieldClasses.length === 0) out.fieldClasses = 'Choose at least one class of field to share.';
  if (!form.startsOn) out.startsAt = 'Give the day it starts.';
  if (form.endsOn && form.startsOn && form.endsOn <= form.startsOn) out.endsAt = 'It must end after the day it starts.';
  return out;
}

/** The API's request for a valid form. */
export const toCreateRequest = (form: AgreementForm): CreateAgreementInput => ({
  name: form.name.trim(),
  agencyIds: agenciesOf(form),
  purposes: form.purposes,
  fieldClasses: form.fieldClasses,
  startsAt: localMidnight(form.startsOn),
  endsAt: form.endsOn ? localMidnight(form.endsOn) : null,
});
