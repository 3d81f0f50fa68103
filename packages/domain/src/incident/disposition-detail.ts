import { invalid, type FieldIssue } from '../errors.ts';
import type { Disposition } from './disposition.ts';

/** Who took the person somewhere (DOMAIN.md §8 counts police transport apart from the rest). */
export const TRANSPORTERS = ['crisis_team', 'police', 'ems', 'family', 'self'] as const;
export type Transporter = (typeof TRANSPORTERS)[number];

/** Where the person went, least restrictive first (CESSA §25: the setting the person chooses). */
export const DESTINATION_KINDS = ['home', 'chosen_place', 'facility'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** Who initiated an involuntary-commitment petition (CESSA §40 as amended by SB2500, 2025). */
export const PETITIONERS = ['crisis_team', 'police', 'ems', 'physician', 'family', 'other'] as const;
export type Petitioner = (typeof PETITIONERS)[number];

/** The six deflection pathways (DOMAIN.md §7). */
export const DEFLECTION_PATHWAYS = [
  'self_referral',
  'active_outreach',
  'naloxone_plus',
  'first_responder_referral',
  'officer_intervention_referral',
  'community_response',
] as const;
export type DeflectionPathway = (typeof DEFLECTION_PATHWAYS)[number];

/** Diversion: referred to health care or pre-arrest case management instead of jail. */
export const DIVERSION_KINDS = ['health_care_referral', 'pre_arrest_case_management'] as const;
export type DiversionKind = (typeof DIVERSION_KINDS)[number];

/** What the RAC counts of how a call ended, beyond its outcome code (issue 6 §4, DOMAIN.md §8). */
export interface DispositionDetail {
  transport: { by: Transporter; destination: DestinationKind; facilityId: string | null; place: string | null } | null;
  referredTo: string[];
  involuntaryPetition: { by: Petitioner } | null;
  arrest: boolean;
  useOfForce: boolean;
  injuries: { person: boolean; responder: boolean; other: boolean };
  deflectionPathway: DeflectionPathway | null;
  diversion: DiversionKind | null;
  note: string | null;
}

/** The detail as given at the boundary: every part optional, checked by `checkDisposition`. */
export type DispositionInput = Partial<Omit<DispositionDetail, 'transport' | 'injuries'>> & {
  transport?: { by: string; destination: string; facilityId?: string; place?: string } | null;
  injuries?: Partial<DispositionDetail['injuries']>;
};

/** Outcomes in which the person was taken somewhere: the transport must say by whom and where. */
const MOVED: readonly Disposition[] = ['transported', 'emergency_department', 'inpatient'];

const oneOf = <T extends string>(list: readonly T[], v: string | undefined | null): v is T => v !== undefined && v !== null && (list as readonly string[]).includes(v);

/**
 * Checks how a call ended and returns the recorded detail: a transport names who and where (a
 * facility by id, a chosen place by name), an involuntary petition names who initiated it, an
 * arrest outcome is an arrest, and a diversion cannot sit beside an arrest. Every problem is
 * reported at once, each with its field and rule.
 */
export function checkDisposition(outcome: Disposition, input: DispositionInput = {}): DispositionDetail {
  const issues: FieldIssue[] = [];
  const add = (field: string, rule: string, message: string) => issues.push({ field: `details.${field}`, rule, message });
  let transport: DispositionDetail['transport'] = null;
  const t = input.transport;
  if (MOVED.includes(outcome) && !t) add('transport', 'required', 'say who took the person and where');
  if (t) {
    if (!oneOf(TRANSPORTERS, t.by)) add('transport.by', 'enum', `one of ${TRANSPORTERS.join(', ')}`);
    if (!oneOf(DESTINATION_KINDS, t.destination)) add('transport.destination', 'enum', `one of ${DESTINATION_KINDS.join(', ')}`);
    if (t.destination === 'facility' && !t.facilityId) add('transport.facilityId', 'required', 'name the facility the person was taken to');
    if (t.destination === 'chosen_place' && !t.place?.trim()) add('transport.place', 'required', 'name the place the person chose');
    if ((outcome === 'emergency_department' || outcome === 'inpatient') && t.destination !== 'facility') add('transport.destination', 'facility_required', `${outcome.replace('_', ' ')} is a facility: name it`);
    if (oneOf(TRANSPORTERS, t.by) && oneOf(DESTINATION_KINDS, t.destination)) {
      transport = { by: t.by, destination: t.destination, facilityId: t.facilityId ?? null, place: t.place?.trim() || null };
    }
  }
  let petition: DispositionDetail['involuntaryPetition'] = null;
  if (input.involuntaryPetition) {
    if (oneOf(PETITIONERS, input.involuntaryPetition.by)) petition = { by: input.involuntaryPetition.by };
    else add('involuntaryPetition.by', 'enum', `one of ${PETITIONERS.join(', ')}`);
  } else if (outcome === 'involuntary_petition') add('involuntaryPetition', 'required', 'say who initiated the petition');
  const arrest = outcome === 'arrest' || Boolean(input.arrest);
  if (input.deflectionPathway != null && !oneOf(DEFLECTION_PATHWAYS, input.deflectionPathway)) add('deflectionPathway', 'enum', `one of ${DEFLECTION_PATHWAYS.join(', ')}`);
  if (input.diversion != null && !oneOf(DIVERSION_KINDS, input.diversion)) add('diversion', 'enum', `one of ${DIVERSION_KINDS.join(', ')}`);
  if (input.diversion && arrest) add('diversion', 'not_with_arrest', 'a diversion is instead of an arrest: it cannot be recorded with one');
  if (issues.length > 0) throw invalid(issues);
  return {
    transport,
    referredTo: (input.referredTo ?? []).map((r) => r.trim()).filter(Boolean),
    involuntaryPetition: petition,
    arrest,
    useOfForce: Boolean(input.useOfForce),
    injuries: { person: Boolean(input.injuries?.person), responder: Boolean(input.injuries?.responder), other: Boolean(input.injuries?.other) },
    deflectionPathway: input.deflectionPathway ?? null,
    diversion: input.diversion ?? null,
    note: input.note?.trim() || null,
  };
}
