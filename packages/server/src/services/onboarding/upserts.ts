import type { AgencyContact, AgencyRow, UnitRow } from '@continuum/contracts';
import type { FeedEntry, Repositories } from '@continuum/storage';
import { tokenCredentialKey } from '../../auth/authenticate.ts';
import type { ApplyContext } from './kinds.ts';

/*
 * The writes of an import, inside its one transaction. Agencies and units go through the
 * administration's repository writes (createAgency/updateAgency, units.create/update: versions
 * move on, consoles refetch), not a second path of their own; the administration services
 * themselves each run their own transaction, so an import, which is one transaction, applies
 * their rules here (reach, partners, a unit on a call keeps its owner) and calls the same writes.
 */

const contactOf = (row: AgencyRow): AgencyContact =>
  Object.fromEntries(
    ([['name', row.contactName], ['phone', row.contactPhone], ['email', row.contactEmail], ['address', row.contactAddress]] as const).filter(([, v]) => v !== null),
  ) as AgencyContact;

export async function writeAgencyRow(tx: Repositories, regionId: string, row: AgencyRow, now: Date, exists: boolean): Promise<Feed> {
  const record = { id: row.id, regionId, kind: row.kind, name: row.name, countyFips: row.countyFips, lat: row.lat, lon: row.lon, contact: contactOf(row) };
  if (exists) await tx.organisations.updateAgency(record, now);
  else await tx.organisations.createAgency(record, now);
  const after = (await tx.organisations.agencyDetail(row.id))!;
  return [{ entityType: 'agency', entityId: after.id, version: after.version, regionId: after.regionId, agencyId: after.id }];
}

export async function writeUnitRow(tx: Repositories, row: UnitRow, exists: boolean): Promise<void> {
  const record = {
    id: row.id, agencyId: row.agency, name: row.name, model: row.model, composition: [...row.composition], partnerAgencyIds: [...row.partners],
    home: { lat: row.homeLat, lon: row.homeLon, label: row.homeLabel },
  };
  if (exists) await tx.units.update(record);
  else await tx.units.create(record);
  await tx.unitCatalogue.setCapabilities(row.id, { youth: row.youth, naloxone: row.naloxone, canTransport: row.canTransport, languages: row.languages });
}

type Feed = Omit<FeedEntry, 'position'>[];

/** The feed entries that close live sockets of these credentials in every server process (as account-lifecycle.ts). */
const closing = (ctx: ApplyContext, agencyId: string, keys: string[]): Feed =>
  keys.map((k) => ({ entityType: 'session_revoked', entityId: k, version: 1, regionId: ctx.scope.regionId, agencyId }));

/** Ends a membership the file no longer lists: its sessions and tokens end at once, as ending it by hand does. */
export async function endImportedMembership(ctx: ApplyContext, userId: string, agencyId: string, role: string): Promise<Feed> {
  const { tx, now } = ctx;
  await tx.users.endMembership(userId, agencyId, role, now, ctx.actorId);
  const sessions = await tx.sessions.revokeForMembership(userId, agencyId, role, now);
  const tokens = await tx.tokens.revokeForMembership(userId, agencyId, role, now);
  return closing(ctx, agencyId, [...sessions, ...tokens.map(tokenCredentialKey)]);
}

/** Disables or enables an account; disabling ends its sessions and closes its live feeds. */
export async function setImportedDisabled(ctx: ApplyContext, userId: string, disabled: boolean): Promise<Feed> {
  await ctx.tx.users.setDisabled(userId, disabled);
  if (!disabled) return [];
  await ctx.tx.sessions.revokeAllFor(userId, ctx.now);
  const home = (await ctx.tx.users.memberships(userId))[0];
  return closing(ctx, home?.agencyId ?? 'none', [`user:${userId}`]);
}
