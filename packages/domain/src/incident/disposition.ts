/**
 * How an incident ended: a controlled list, because CESSA §40 and the RAC reports count
 * these (DOMAIN.md §8). Free text never replaces a code.
 */
export const DISPOSITIONS = [
  'resolved_by_phone',
  'transferred_to_988',
  'escalated_to_911',
  'routed_to_cares',
  'stabilised_on_site',
  'transported',
  'referred',
  'refused',
  'unable_to_locate',
  'emergency_department',
  'inpatient',
  'arrest',
  'involuntary_petition',
  'no_response_needed',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const isDisposition = (value: string): value is Disposition =>
  (DISPOSITIONS as readonly string[]).includes(value);
