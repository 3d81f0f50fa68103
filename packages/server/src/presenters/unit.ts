import { isOnDuty, isStale, positionAgeSeconds, UNIT_TRANSITIONS, type UnitStatus } from '@continuum/domain';
import type { UnitView } from '@continuum/contracts';
import type { LiveUnit } from '@continuum/storage';

/**
 * Presents a unit: allow-listed fields only. The position is left out off duty, whatever the
 * row holds: the last fix of a shift is where a crew member went home, not an operational fact.
 * `mayChange` says whether this reader may change the unit's status at all; `offDuty` whether
 * that includes taking it off duty (only its own crew may: services/dispatch/unit-access.ts).
 */
export function presentUnit(u: LiveUnit, now: Date, staleAfterSeconds: number, mayChange: boolean, offDuty = mayChange): UnitView {
  const fix = u.lastPosition;
  const view: UnitView = {
    id: u.id,
    agencyId: u.agencyId,
    name: u.name,
    model: u.model,
    status: u.status,
    version: u.version,
    statusChangedAt: u.statusChangedAt?.toISOString() ?? null,
    allowedStatuses: mayChange ? (UNIT_TRANSITIONS[u.status] as readonly UnitStatus[]).filter((s) => offDuty || s !== 'off_duty') : [],
    currentIncidentId: u.currentIncidentId,
    panicAt: u.panicAt?.toISOString() ?? null,
  };
  if (fix && isOnDuty(u.status)) {
    view.position = {
      lat: fix.lat,
      lon: fix.lon,
      at: fix.at.toISOString(),
      accuracy: fix.accuracy,
      heading: fix.heading,
      speed: fix.speed,
      ageSeconds: positionAgeSeconds(fix, now),
      stale: isStale(fix, now, staleAfterSeconds),
    };
  }
  return view;
}
