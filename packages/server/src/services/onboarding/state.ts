import type { AgencyRow, CrewRow, ShiftRow, UnitRow, UserRow } from '@continuum/contracts';
import type { Repositories } from '@continuum/storage';
import type { OnboardingScope } from './scope.ts';

/*
 * What the region holds now, in the shapes of the onboarding files (ADR 0026): what an export
 * writes and what an import compares its rows with, so that exporting and importing again changes
 * nothing. Only records within the scope are read.
 */

export async function agencyRows(tx: Repositories, scope: OnboardingScope): Promise<Map<string, AgencyRow>> {
  const agencies = (await tx.organisations.agencyDetails([scope.regionId])).filter((a) => scope.agencyIds.has(a.id)).sort((a, b) => a.id.localeCompare(b.id));
  return new Map(
    agencies.map((a) => [a.id, {
      id: a.id, name: a.name, kind: a.kind as AgencyRow['kind'], countyFips: a.countyFips, lat: a.lat, lon: a.lon,
      contactName: a.contact.name ?? null, contactPhone: a.contact.phone ?? null, contactEmail: a.contact.email ?? null, contactAddress: a.contact.address ?? null,
    }]),
  );
}

export async function unitRows(tx: Repositories, scope: OnboardingScope): Promise<Map<string, UnitRow>> {
  const units = (await tx.units.inRegion(scope.regionId)).filter((u) => scope.agencyIds.has(u.agencyId)).sort((a, b) => a.id.localeCompare(b.id));
  const entries = await tx.unitCatalogue.entries(units.map((u) => u.id));
  return new Map(
    units.map((u) => {
      const c = entries.get(u.id)!.capabilities;
      const row: UnitRow = {
        id: u.id, agency: u.agencyId, name: u.name, model: u.model as UnitRow['model'], composition: u.composition as UnitRow['composition'],
        partners: u.partnerAgencyIds, homeLat: u.home.lat, homeLon: u.home.lon, homeLabel: u.home.label,
        youth: c.youth, naloxone: c.naloxone, canTransport: c.canTransport, languages: [...c.languages],
      };
      return [u.id, row];
    }),
  );
}

/** Each unit's roster as crew rows, keyed by unit; units without a roster are absent. */
export async function crewRows(tx: Repositories, scope: OnboardingScope): Promise<Map<string, CrewRow[]>> {
  const units = [...(await unitRows(tx, scope)).keys()];
  const crews = await tx.unitCatalogue.crews(units);
  const names = await tx.users.namesOf([...crews.values()].flat().flatMap((m) => (m.userId ? [m.userId] : [])));
  const out = new Map<string, CrewRow[]>();
  for (const [unit, members] of crews) {
    if (members.length === 0) continue;
    out.set(unit, members.map((m) => ({
      unit, name: m.name, role: m.role, username: m.userId ? (names.get(m.userId)?.username ?? null) : null, hiredOn: m.hiredOn,
      credential: m.credential?.kind ?? null, credentialEarnedOn: m.credential?.earnedOn ?? null,
    })));
  }
  return out;
}

/** The key of a shift: its unit and start, so that a later file can move its end. */
export const shiftKey = (unit: string, startsAt: string): string => `${unit}@${new Date(startsAt).toISOString()}`;

/** Shifts that have not ended, keyed by unit and start, with the stored id of each. */
export async function shiftRows(tx: Repositories, scope: OnboardingScope, now: Date): Promise<Map<string, ShiftRow & { id: string }>> {
  const units = [...(await unitRows(tx, scope)).keys()];
  const shifts = await tx.unitCatalogue.shifts(units, { after: now });
  return new Map(shifts.map((s) => [shiftKey(s.unitId, s.startsAt.toISOString()), { id: s.id, unit: s.unitId, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() }]));
}

/** Memberships are compared as a set: written sorted. */
export const sortedMemberships = (m: readonly string[]): string[] => [...new Set(m)].sort();

/** Accounts with a membership in force in an agency within reach, with those memberships only. */
export async function userRows(tx: Repositories, scope: OnboardingScope): Promise<Map<string, UserRow & { id: string }>> {
  const out = new Map<string, UserRow & { id: string }>();
  for (const m of await tx.users.membersOf([...scope.agencyIds])) {
    const row = out.get(m.username) ?? { id: m.userId, username: m.username, displayName: m.displayName, memberships: [], disabled: m.disabled };
    row.memberships.push(`${m.agencyId}:${m.role}`);
    out.set(m.username, row);
  }
  for (const row of out.values()) row.memberships = sortedMemberships(row.memberships);
  return out;
}
