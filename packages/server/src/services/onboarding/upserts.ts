import type { AgencyRow, UnitRow } from '@continuum/contracts';
import type { FeedEntry, Repositories } from '@continuum/storage';
import { tokenCredentialKey } from '../../auth/authenticate.ts';
import type { ApplyContext } from './kinds.ts';

/*
 * The writes of an import, inside its one transaction. Agencies and units are written straight to
 * their repositories here: when this was written no administration service for creating and
 * changing agencies and units existed to call (issue 16 §1 adds one); once it does, these two
 * should call its rules instead of keeping a second write path (ADR 0026).
 */

export async function upsertAgencyRow(tx: Repositories, regionId: string, row: AgencyRow): Promise<void> {
  await tx.organisations.upsertAgency({ id: row.id, regionId, kind: row.kind, name: row.name, countyFips: row.countyFips, lat: row.lat, lon: row.lon });
}

export async function upsertUnitRow(tx: Repositories, row: UnitRow): Promise<void> {
  await tx.units.upsert({
    id: row.id, agencyId: row.agency, name: row.name, model: row.model, composition: row.composition, partnerAgencyIds: row.partners,
    home: { lat: row.homeLat, lon: row.homeLon, label: row.homeLabel },
  });
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
