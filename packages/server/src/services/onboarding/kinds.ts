import { UNIT_CATALOGUE_LIMITS, type AgencyRow, type CrewRow, type ShiftRow, type UnitRow, type UserRow } from '@continuum/contracts';
import { calendarDateIn, credentialPairIssue, forbidden, rosterIssues, rowIssue, shiftRowIssues, type CrewMember, type LinedRow, type RowIssue } from '@continuum/domain';
import type { FeedEntry, Repositories } from '@continuum/storage';
import { unitFeedOf } from '../dispatch/units.ts';
import { requireReach, type OnboardingScope } from './scope.ts';
import { agencyRows, crewRows, shiftKey, shiftRows, sortedMemberships, unitRows, userRows } from './state.ts';
import { endImportedMembership, setImportedDisabled, writeAgencyRow, writeUnitRow } from './upserts.ts';

/*
 * Each kind of file: how a row is keyed and compared, what it must refer to, and how it is
 * written. Checks run on every row before any write (ADR 0026); a reference outside the
 * importer's reach is a 403 naming the line, any other problem a 422 naming line, field and rule.
 */

type Feed = Omit<FeedEntry, 'position'>[];

export interface ApplyContext {
  tx: Repositories;
  scope: OnboardingScope;
  now: Date;
  newId: () => string;
  /** The importing administrator's account; null for the system. */
  actorId: string | null;
  /** An unusable password hash for new accounts: they sign in once an administrator sets a password, or through the identity provider. */
  unusableHash: () => Promise<string>;
}

export interface KindHandler<V> {
  key(row: V): string;
  /** The row as compared and stored (lists sorted where order does not matter, times in UTC). */
  normal(row: V): V;
  current(ctx: ApplyContext): Promise<Map<string, V>>;
  check(ctx: ApplyContext, rows: LinedRow<V>[], current: Map<string, V>): Promise<RowIssue[]>;
  apply(ctx: ApplyContext, key: string, value: V, before: V | undefined): Promise<Feed>;
}

const unitFeed = async (tx: Repositories, id: string): Promise<Feed> => {
  const unit = await tx.unitStatus.get(id);
  return unit ? unitFeedOf(unit) : [];
};

export const agencies: KindHandler<AgencyRow> = {
  key: (r) => r.id,
  normal: (r) => r,
  current: ({ tx, scope }) => agencyRows(tx, scope),
  async check({ tx, scope }, rows, current) {
    const issues: RowIssue[] = [];
    for (const { line, value } of rows) {
      const stored = await tx.organisations.agency(value.id);
      if (stored && stored.regionId !== scope.regionId) issues.push(rowIssue(line, 'id', 'other_region', `agency ${value.id} belongs to another region`));
      else if (stored && !current.has(value.id)) requireReach(scope, value.id, line);
      else if (!stored && !scope.wholeRegion) throw forbidden(`line ${line}: creating agency ${value.id} needs a regional grant (continuum admin grant); administrators otherwise act in their own agency`);
    }
    return issues;
  },
  async apply({ tx, scope, now }, _key, row, before) {
    const feed = await writeAgencyRow(tx, scope.regionId, row, now, before !== undefined);
    scope.agencyIds.add(row.id);
    return feed;
  },
};

export const units: KindHandler<UnitRow> = {
  key: (r) => r.id,
  normal: (r) => ({ ...r, languages: [...new Set(r.languages.map((l) => l.toLowerCase()))] }),
  current: ({ tx, scope }) => unitRows(tx, scope),
  async check({ tx, scope }, rows, current) {
    const issues: RowIssue[] = [];
    const regionAgencies = new Set((await tx.organisations.agencies(scope.regionId)).map((a) => a.id));
    for (const { line, value } of rows) {
      if (!regionAgencies.has(value.agency)) issues.push(rowIssue(line, 'agency', 'unknown_agency', `no agency ${value.agency} in your region; import agencies first`));
      else requireReach(scope, value.agency, line);
      for (const p of value.partners) {
        if (!regionAgencies.has(p)) issues.push(rowIssue(line, 'partners', 'unknown_agency', `no agency ${p} in your region`));
        else if (p === value.agency) issues.push(rowIssue(line, 'partners', 'not_owner', 'the owning agency is not its own partner'));
      }
      const stored = await tx.unitStatus.get(value.id);
      const record = stored ? await tx.units.get(value.id) : null;
      if (stored && stored.regionId !== scope.regionId) issues.push(rowIssue(line, 'id', 'other_region', `unit ${value.id} belongs to another region`));
      else if (record?.retiredAt) issues.push(rowIssue(line, 'id', 'retired', `unit ${value.id} was retired; a retired unit is not changed`));
      else if (stored && !current.has(value.id)) requireReach(scope, stored.agencyId, line);
      else if (stored && stored.agencyId !== value.agency && stored.currentIncidentId) issues.push(rowIssue(line, 'agency', 'not_on_a_call', `${value.id} is on a call; it changes agency once cleared`));
    }
    return issues;
  },
  async apply({ tx }, _key, row, before) {
    await writeUnitRow(tx, row, before !== undefined);
    return unitFeed(tx, row.id);
  },
};

/** A unit's crew rows, in file order, are its roster: keyed by unit, compared whole. */
export const crews: KindHandler<CrewRow[]> = {
  key: (r) => r[0]!.unit,
  normal: (r) => r,
  current: ({ tx, scope }) => crewRows(tx, scope),
  async check({ tx, scope, now }, groups) {
    const issues: RowIssue[] = [];
    const inRegion = new Map([...(await tx.units.inRegion(scope.regionId))].map((u) => [u.id, u]));
    const rosters = [];
    for (const g of groups) {
      const unit = inRegion.get(g.key);
      // Each row's own line: the group keeps the line of its first row, the rows follow in order.
      const lines = (g as LinedRow<CrewRow[]> & { lines: number[] }).lines;
      if (!unit) {
        issues.push(rowIssue(g.line, 'unit', 'unknown_unit', `no unit ${g.key} in your region; import units first`));
        continue;
      }
      requireReach(scope, unit.agencyId, g.line);
      const staffing = new Set([unit.agencyId, ...unit.partnerAgencyIds]);
      const members: { line: number; member: CrewMember }[] = [];
      for (const [i, row] of g.value.entries()) {
        const line = lines[i]!;
        const pair = credentialPairIssue(line, row.credential, row.credentialEarnedOn);
        if (pair) issues.push(pair);
        let userId: string | null = null;
        if (row.username) {
          const user = await tx.users.byUsername(row.username);
          if (!user) issues.push(rowIssue(line, 'username', 'unknown_user', `no account ${row.username}; import users first`));
          else if (!(await tx.users.memberships(user.id)).some((m) => staffing.has(m.agencyId))) issues.push(rowIssue(line, 'username', 'not_staff', `${row.username} is not a member of ${[...staffing].join(' or ')}`));
          else userId = user.id;
        }
        const credential = row.credential && row.credentialEarnedOn ? { kind: row.credential, earnedOn: row.credentialEarnedOn } : null;
        members.push({ line, member: { name: row.name, userId, role: row.role, hiredOn: row.hiredOn, credential } });
      }
      rosters.push({ unit: g.key, members });
    }
    issues.push(...rosterIssues(rosters, calendarDateIn(now), UNIT_CATALOGUE_LIMITS.crewSize));
    return issues;
  },
  async apply({ tx }, unit, rows) {
    const members: CrewMember[] = [];
    for (const r of rows) {
      const user = r.username ? await tx.users.byUsername(r.username) : null;
      members.push({ name: r.name, userId: user?.id ?? null, role: r.role, hiredOn: r.hiredOn, credential: r.credential && r.credentialEarnedOn ? { kind: r.credential, earnedOn: r.credentialEarnedOn } : null });
    }
    await tx.unitCatalogue.setCrew(unit, members);
    return unitFeed(tx, unit);
  },
};

export const shifts: KindHandler<ShiftRow> = {
  key: (r) => shiftKey(r.unit, r.startsAt),
  normal: (r) => ({ unit: r.unit, startsAt: new Date(r.startsAt).toISOString(), endsAt: new Date(r.endsAt).toISOString() }),
  async current(ctx) {
    const rows = await shiftRows(ctx.tx, ctx.scope, ctx.now);
    return new Map([...rows].map(([k, { unit, startsAt, endsAt }]) => [k, { unit, startsAt, endsAt }]));
  },
  async check({ tx, scope, now }, rows) {
    const issues: RowIssue[] = [];
    const inRegion = new Map((await tx.units.inRegion(scope.regionId)).map((u) => [u.id, u]));
    const known = rows.filter(({ line, value }) => {
      const unit = inRegion.get(value.unit);
      if (!unit) issues.push(rowIssue(line, 'unit', 'unknown_unit', `no unit ${value.unit} in your region; import units first`));
      else requireReach(scope, unit.agencyId, line);
      return unit !== undefined;
    });
    const starts = known.map((r) => new Date(r.value.startsAt).getTime());
    const earliest = new Date(Math.min(now.getTime(), ...starts) - 24 * 3_600_000);
    const stored = await tx.unitCatalogue.shifts([...new Set(known.map((r) => r.value.unit))], { after: earliest });
    const byUnit = new Map<string, typeof stored>();
    for (const s of stored) byUnit.set(s.unitId, [...(byUnit.get(s.unitId) ?? []), s]);
    const candidates = known.map((r) => ({ ...r, value: { unit: r.value.unit, startsAt: new Date(r.value.startsAt), endsAt: new Date(r.value.endsAt) } }));
    issues.push(...shiftRowIssues(candidates, byUnit, now));
    return issues;
  },
  async apply({ tx, scope, now, newId, actorId }, key, row, before) {
    if (before) {
      const stored = (await shiftRows(tx, scope, now)).get(key);
      if (stored) await tx.unitCatalogue.removeShift(row.unit, stored.id);
    }
    await tx.unitCatalogue.addShift({ id: newId(), unitId: row.unit, startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt), createdBy: actorId ?? 'system', createdAt: now });
    return unitFeed(tx, row.unit);
  },
};

const agencyOf = (membership: string) => membership.split(':')[0]!;

export const users: KindHandler<UserRow> = {
  key: (r) => r.username,
  normal: (r) => ({ ...r, memberships: sortedMemberships(r.memberships) }),
  async current(ctx) {
    const rows = await userRows(ctx.tx, ctx.scope);
    return new Map([...rows].map(([k, { username, displayName, memberships, disabled }]) => [k, { username, displayName, memberships, disabled }]));
  },
  async check({ tx, scope, actorId }, rows, current) {
    const issues: RowIssue[] = [];
    const regionAgencies = new Set((await tx.organisations.agencies(scope.regionId)).map((a) => a.id));
    for (const { line, value } of rows) {
      for (const m of value.memberships) {
        const agency = agencyOf(m);
        if (!regionAgencies.has(agency)) issues.push(rowIssue(line, 'memberships', 'unknown_agency', `no agency ${agency} in your region; import agencies first`));
        else requireReach(scope, agency, line);
      }
      const stored = await tx.users.byUsername(value.username);
      const before = current.get(value.username);
      if (stored && !before) {
        issues.push(rowIssue(line, 'username', 'unique', `${value.username} is taken by an account outside your reach`));
        continue;
      }
      if (!stored || !before) continue;
      if (stored.id === actorId && (value.disabled || before.memberships.some((m) => !value.memberships.includes(m)))) {
        issues.push(rowIssue(line, 'username', 'not_self', 'cannot disable your own account or end your own memberships; ask another administrator'));
      }
      // The name and the disabled flag are the whole account's: every agency it belongs to must be within reach.
      if (value.displayName !== before.displayName || value.disabled !== before.disabled) {
        for (const m of await tx.users.memberships(stored.id)) requireReach(scope, m.agencyId, line);
      }
    }
    return issues;
  },
  async apply(ctx, username, row, before) {
    const { tx, newId } = ctx;
    let user = await tx.users.byUsername(username);
    if (!user) {
      await tx.users.create({ id: newId(), username, displayName: row.displayName, passwordHash: await ctx.unusableHash(), passwordIsDemo: false });
      user = (await tx.users.byUsername(username))!;
    } else if (user.displayName !== row.displayName) await tx.users.setDisplayName(user.id, row.displayName);
    const feed: Feed = [];
    for (const m of row.memberships) if (!before?.memberships.includes(m)) await tx.users.addMembership(user.id, agencyOf(m), m.split(':')[1]!);
    for (const m of before?.memberships ?? []) {
      if (!row.memberships.includes(m)) feed.push(...(await endImportedMembership(ctx, user.id, agencyOf(m), m.split(':')[1]!)));
    }
    if (row.disabled !== (before?.disabled ?? false)) feed.push(...(await setImportedDisabled(ctx, user.id, row.disabled)));
    return feed;
  },
};
