import { ALWAYS_OPEN, DEFAULT_CRITERIA, dailyHours, type FacilityKind, type Principal } from '@continuum/domain';
import type { FacilityEntry } from '@continuum/storage';
import type { Services } from '../services/context.ts';
import { DEMO_AGENCY_IDS as A, type DemoAgency } from './demo-region.ts';

/** A demo facility: its directory facts and the figure its staff last gave. */
export interface DemoFacility extends FacilityEntry {
  available: number;
  /** The demo user who reported the figure; null for the system. */
  reportedBy: string | null;
  /** How long ago the figure was given, so the directory shows ages (one of them stale). */
  minutesAgo: number;
}

// Street addresses are made up; towns and positions are the agencies' own.
const FACILITIES: { agencyId: string; kind: FacilityKind; street: string; zip: string; phone: string; unit: 'beds' | 'chairs'; total: number; available: number; minutesAgo: number; reportedBy?: string }[] = [
  { agencyId: A.stabilisation, kind: 'crisis_stabilisation_centre', street: '1400 E Main St', zip: '61802', phone: '+1 217 555 0110', unit: 'beds', total: 16, available: 5, minutesAgo: 25 },
  { agencyId: A.livingRoom, kind: 'living_room', street: '200 S Century Blvd', zip: '61866', phone: '+1 217 555 0120', unit: 'chairs', total: 6, available: 4, minutesAgo: 10, reportedBy: 'intake' },
  { agencyId: A.ccbhc, kind: 'ccbhc', street: '505 S Neil St', zip: '61820', phone: '+1 217 555 0130', unit: 'chairs', total: 8, available: 3, minutesAgo: 40 },
  { agencyId: A.edUrbana, kind: 'emergency_department', street: '602 W University Ave', zip: '61801', phone: '+1 217 555 0140', unit: 'beds', total: 6, available: 2, minutesAgo: 15 },
  // Reported hours ago: the directory marks it stale, so a crew phones first.
  { agencyId: A.edChampaign, kind: 'emergency_department', street: '1701 W Springfield Ave', zip: '61820', phone: '+1 217 555 0150', unit: 'beds', total: 10, available: 1, minutesAgo: 200 },
];

const SERVICES: Record<FacilityKind, FacilityEntry['services']> = {
  crisis_stabilisation_centre: ['crisis_stabilisation', 'psychiatric_evaluation', 'medication_management', 'overnight_stay', 'peer_support'],
  living_room: ['peer_support', 'safety_screening', 'outpatient_referral'],
  ccbhc: ['crisis_stabilisation', 'psychiatric_evaluation', 'case_management', 'youth_services', 'telehealth'],
  emergency_department: ['emergency_medical_care', 'psychiatric_evaluation'],
  inpatient_unit: ['overnight_stay', 'psychiatric_evaluation'],
  withdrawal_management: ['withdrawal_management', 'overnight_stay'],
  respite: ['overnight_stay', 'peer_support'],
};

/** The demo region's facilities, placed at their agencies; pure data. */
export function buildDemoFacilities(agencies: readonly DemoAgency[]): DemoFacility[] {
  return FACILITIES.map((f) => {
    const agency = agencies.find((a) => a.id === f.agencyId)!;
    return {
      id: f.agencyId,
      agencyId: f.agencyId,
      kind: f.kind,
      name: agency.name,
      location: { lat: agency.lat!, lon: agency.lon!, address: `${f.street}, ${agency.town}, IL ${f.zip}` },
      phone: f.phone,
      // The Living Room keeps day and evening hours; the others never close.
      hours: f.kind === 'living_room' ? dailyHours('10:00', '22:00') : ALWAYS_OPEN,
      services: SERVICES[f.kind],
      criteria: DEFAULT_CRITERIA[f.kind],
      capacityUnit: f.unit,
      total: f.total,
      available: f.available,
      reportedBy: f.reportedBy ?? null,
      minutesAgo: f.minutesAgo,
    };
  });
}

/** Seeds the facilities and their figures; the Living Room's is reported by its intake user. */
export async function seedFacilities(services: Services, agencies: readonly DemoAgency[], principals: Map<string, Principal>): Promise<void> {
  const now = services.clock();
  await services.store.transaction(async (tx) => {
    for (const { available, reportedBy, minutesAgo, ...entry } of buildDemoFacilities(agencies)) {
      await tx.facilities.upsert(entry);
      const actor = reportedBy ? principals.get(reportedBy)! : null;
      const reportedAt = new Date(now.getTime() - minutesAgo * 60_000);
      await tx.facilities.report({ facilityId: entry.id, available, total: entry.total, reportedAt, reportedBy: actor?.userId ?? 'system', source: 'report' });
      await tx.audit.write({
        at: now, actorId: actor?.userId ?? 'system', role: actor?.role ?? null, agencyId: entry.agencyId, action: 'facility.capacity', outcome: 'allowed',
        resourceType: 'facility', resourceId: entry.id, fieldClasses: [], purpose: null, address: null, detail: { to: { available, total: entry.total }, demo: true },
      });
    }
  });
}
