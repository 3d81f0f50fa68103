import { availableNow, capacityAge, describeHours, FACILITY_KIND_LABELS, holdsPlace, isCapacityStale, isOpenAt } from '@continuum/domain';
import type { ArrivalView, FacilityView } from '@continuum/contracts';
import type { ArrivalRecord, FacilityRecord } from '@continuum/storage';

/** The facilities' local time: the demo and CESSA are Illinois. */
export const FACILITY_TIME_ZONE = 'America/Chicago';

const presentArrival = (a: ArrivalRecord, overdue: boolean): ArrivalView => ({
  id: a.id,
  incidentId: a.incidentId,
  unitId: a.unitId,
  announcedAt: a.announcedAt.toISOString(),
  expectedAt: a.expectedAt?.toISOString() ?? null,
  status: a.status,
  overdue,
});

/**
 * A directory entry with its live figure. Facilities hold no personal data, so every reader
 * sees the same entry; who reported the figure is left out (staff identity is the audit's).
 */
export function presentFacility(f: FacilityRecord, pending: readonly ArrivalRecord[], now: Date, opts: { staleAfterMinutes: number; arrivalHoldMinutes: number; mayUpdate: boolean }): FacilityView {
  const holding = pending.filter((a) => holdsPlace(a, now, opts.arrivalHoldMinutes));
  const figure = availableNow(f, holding.length);
  return {
    id: f.id,
    agencyId: f.agencyId,
    kind: f.kind,
    kindLabel: FACILITY_KIND_LABELS[f.kind],
    name: f.name,
    location: { ...f.location },
    phone: f.phone,
    hours: f.hours,
    hoursText: describeHours(f.hours),
    openNow: isOpenAt(f.hours, now, FACILITY_TIME_ZONE),
    services: [...f.services],
    criteria: { ...f.criteria },
    capacity: {
      unit: f.capacityUnit,
      total: f.total,
      available: f.available,
      reportedAt: f.reportedAt?.toISOString() ?? null,
      ageSeconds: capacityAge(f.reportedAt, now),
      stale: isCapacityStale(f.reportedAt, now, opts.staleAfterMinutes),
      staleAfterMinutes: opts.staleAfterMinutes,
      pendingArrivals: figure.pending,
      availableNow: figure.availableNow,
      overCommitted: figure.overCommitted,
    },
    arrivals: pending.map((a) => presentArrival(a, !holding.includes(a))),
    version: f.version,
    mayUpdate: opts.mayUpdate,
  };
}
