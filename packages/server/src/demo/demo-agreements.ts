import type { FieldClass, Purpose } from '@continuum/domain';
import { DEMO_AGENCY_IDS as A } from './demo-region.ts';

export interface DemoAgreement {
  id: string;
  name: string;
  agencyIds: string[];
  purposes: Purpose[];
  fieldClasses: FieldClass[];
}

const CARE: FieldClass[] = ['operational', 'location_safety', 'identity', 'demographics', 'clinical'];

/**
 * The demo county's data-sharing agreements. Police and EMS are parties to the crisis-response
 * agreement, yet their roles still read only location and safety facts: an agreement can narrow
 * what a role reads, never widen it.
 */
export const DEMO_AGREEMENTS: DemoAgreement[] = [
  {
    id: '6b3f1c2e-0d4a-4c55-9a11-2b7e5c0a0001',
    name: 'Champaign County crisis response agreement',
    agencyIds: [A.psap, A.lifeline, A.mcrt, A.coResponse, A.sheriff, A.cityPolice, A.ems],
    purposes: ['crisis_response'],
    fieldClasses: CARE,
  },
  {
    id: '6b3f1c2e-0d4a-4c55-9a11-2b7e5c0a0002',
    name: 'Crisis follow-up and care coordination agreement',
    agencyIds: [A.psap, A.lifeline, A.mcrt, A.coResponse, A.followup],
    purposes: ['follow_up', 'care_coordination'],
    fieldClasses: CARE,
  },
];
