import { credentialStatus, shiftAt, compositionNow, type CalendarDate, type CrewMember, type Shift } from '@continuum/domain';
import type { ServiceAreaGeometry, ShiftView, UnitDetail } from '@continuum/contracts';
import type { CatalogueEntry, LiveUnit } from '@continuum/storage';
import type { CatalogueRights } from '../services/dispatch/unit-catalogue-access.ts';

/** Everything one unit's page shows, loaded by the service. */
export interface UnitDetailParts {
  unit: LiveUnit;
  entry: CatalogueEntry;
  crew: readonly CrewMember[];
  /** Per crew member: an officer holding a current CIT course, from the training records (issue 12 §6). */
  cit: readonly boolean[];
  /** The running and upcoming shifts, earliest first. */
  shifts: readonly Shift[];
  serviceArea: { source: 'custom' | 'county' | 'none'; geometry: ServiceAreaGeometry | null };
}

const shiftView = (s: Shift): ShiftView => ({ id: s.id, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() });

/**
 * Presents a unit's catalogue entry: allow-listed fields only. Crew names and credentials are
 * staff data, shown to every reader in reach; the credential status is judged on `today`.
 */
export function presentUnitDetail(p: UnitDetailParts, now: Date, today: CalendarDate, rights: CatalogueRights): UnitDetail {
  const crew = p.crew.map((m, i) => ({
    name: m.name,
    userId: m.userId,
    role: m.role,
    hiredOn: m.hiredOn,
    credential: m.credential,
    citTrained: p.cit[i] ?? false,
    credentialStatus: { ...credentialStatus(m, today), citTrained: m.role === 'police_officer' ? (p.cit[i] ?? false) : null },
  }));
  const current = shiftAt(p.shifts, now);
  const c = p.entry.capabilities;
  return {
    id: p.unit.id,
    agencyId: p.unit.agencyId,
    name: p.unit.name,
    model: p.unit.model,
    status: p.unit.status,
    version: p.unit.version,
    composition: compositionNow(p.crew, p.shifts, p.entry.composition, now),
    designedComposition: [...p.entry.composition],
    crew,
    onShift: current !== null,
    currentShift: current ? shiftView(current) : null,
    warnings: crew.flatMap((m) => (m.credentialStatus.warning ? [`${m.name}: ${m.credentialStatus.warning}`] : [])),
    capabilities: { youth: c.youth, languages: [...c.languages], naloxone: c.naloxone, canTransport: c.canTransport },
    serviceArea: p.serviceArea,
    shifts: p.shifts.map(shiftView),
    mayEditCrew: rights.crew,
    mayManage: rights.manage,
  };
}
