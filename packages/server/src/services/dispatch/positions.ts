import { DomainError, IGNORED_REJECTIONS, acceptPosition, isOnDuty, type IncomingPosition, type UnitFix } from '@continuum/domain';
import type { PositionBatch, PositionReport, PositionResult } from '@continuum/contracts';
import type { LiveUnit, Repositories } from '@continuum/storage';
import type { RequestContext, Services } from '../context.ts';
import { listableAgencies } from '../reach.ts';
import { authoriseUnitCommand, requireCommand, standingOver } from './unit-access.ts';
import type { UnitSettings } from './units.ts';

/*
 * Position ingestion: the hot path (10,000 units at one fix every 5 s is 2,000 a second). A fix
 * is not a decision anyone makes, so it writes no audit row, no idempotency record and no feed
 * entry (docs/adr/0010): one read of the unit and one statement. The Idempotency-Key header is
 * accepted but not needed: (unit, time) is the fix's natural key, so a retry is a `duplicate`.
 */

const toIncoming = (r: PositionReport): IncomingPosition => ({
  lat: r.lat,
  lon: r.lon,
  at: new Date(r.at),
  accuracy: r.accuracy ?? null,
  heading: r.heading ?? null,
  speed: r.speed ?? null,
});

/** A stored fix as the boards are told of it (ADR 0038). */
const pushed = (unit: Pick<LiveUnit, 'id' | 'agencyId'>, f: IncomingPosition) => ({
  unitId: unit.id,
  agencyId: unit.agencyId,
  lat: f.lat,
  lon: f.lon,
  at: f.at.toISOString(),
  accuracy: f.accuracy ?? null,
  heading: f.heading ?? null,
  speed: f.speed ?? null,
});

const offDuty = (unit: LiveUnit) =>
  new DomainError('conflict', `${unit.name} is off duty: its positions are not recorded`, { currentStatus: unit.status, unitId: unit.id });

/**
 * One fix of one unit. 201 stored; 202 ignored (a retry or a late fix: nothing for the device to
 * do); 400 naming the field and rule for an impossible fix; 409 with the status when off duty.
 */
export async function recordPosition(services: Services, ctx: RequestContext, unitId: string, report: PositionReport, settings: UnitSettings): Promise<{ status: number; body: PositionResult }> {
  authoriseUnitCommand(ctx.principal);
  const now = services.clock();
  const repos = services.store.read;
  const unit = await repos.unitStatus.get(unitId);
  if (!unit) throw new DomainError('not_found', `Unit ${unitId} was not found`, { resource: 'Unit', id: unitId });
  requireCommand(await standingOver(repos, ctx.principal, unit, now), unitId);
  if (!isOnDuty(unit.status)) throw offDuty(unit);
  const incoming = toIncoming(report);
  const verdict = acceptPosition(unit.lastPosition, incoming, now, settings.limits);
  const base = { unitId, at: report.at };
  if (!verdict.accept) {
    if (IGNORED_REJECTIONS.includes(verdict.reason)) return { status: 202, body: { ...base, outcome: 'ignored', reason: verdict.reason, message: verdict.message } };
    throw new DomainError('validation_failed', `${verdict.field ?? 'position'}: ${verdict.message}`, { reason: verdict.reason }, [
      { field: verdict.field ?? '', rule: verdict.rule ?? verdict.reason, message: verdict.message },
    ]);
  }
  const written = await repos.unitStatus.recordFix(unitId, incoming);
  if (written === 'off_duty') throw offDuty({ ...unit, status: 'off_duty' });
  // A concurrent copy of the same fix got there first.
  if (written === 'duplicate') return { status: 202, body: { ...base, outcome: 'ignored', reason: 'duplicate', message: 'a fix at this time is already recorded' } };
  services.positions?.publish([pushed(unit, incoming)]);
  return { status: 201, body: { ...base, outcome: 'stored' } };
}

/** How the batch form reads units and writes fixes: the repository, or the feed sockets' shared statements. */
export interface PositionIo {
  units(ids: string[]): Promise<LiveUnit[]>;
  /** Stores what it can; returns the keys (`unitId|ISO time`) of the fixes stored. */
  write(fixes: (IncomingPosition & { unitId: string })[]): Promise<Set<string>>;
}

/**
 * Fixes of several units, e.g. a device replaying what it queued while offline. Each fix gets
 * its own outcome, in request order; one bad fix never refuses the others. Fixes are judged in
 * time order per unit, so a replayed queue is accepted whatever order it arrives in, and the
 * accepted ones are written in one statement.
 */
export async function recordPositions(services: Services, ctx: RequestContext, batch: PositionBatch, settings: UnitSettings, io?: PositionIo): Promise<{ items: PositionResult[] }> {
  authoriseUnitCommand(ctx.principal);
  const now = services.clock();
  const repos = services.store.read;
  const ids = [...new Set(batch.map((b) => b.unitId))];
  const units = new Map((await (io ? io.units(ids) : repos.unitStatus.getMany(ids))).map((u) => [u.id, u]));
  let agencies: Promise<string[]> | null = null;
  const reachable = () => (agencies ??= listableAgencies(repos, ctx.principal, now));
  const refusal = new Map<string, PositionResult['reason']>();
  for (const u of units.values()) {
    try {
      requireCommand(await standingOver(repos, ctx.principal, u, now, reachable), u.id);
      if (!isOnDuty(u.status)) refusal.set(u.id, 'off_duty');
    } catch (err) {
      refusal.set(u.id, (err as DomainError).code);
    }
  }
  const last = new Map<string, UnitFix | null>([...units.values()].map((u) => [u.id, u.lastPosition]));
  const results: PositionResult[] = new Array(batch.length);
  const order = batch.map((b, i) => ({ b, i, t: Date.parse(b.at) })).sort((x, y) => x.b.unitId.localeCompare(y.b.unitId) || x.t - y.t);
  const accepted: { i: number; fix: IncomingPosition & { unitId: string } }[] = [];
  for (const { b, i } of order) {
    const base = { unitId: b.unitId, at: b.at };
    const refused = units.has(b.unitId) ? refusal.get(b.unitId) : 'not_found';
    if (refused) {
      results[i] = { ...base, outcome: 'rejected', reason: refused };
      continue;
    }
    const { unitId: _u, ...report } = b;
    const incoming = toIncoming(report);
    const verdict = acceptPosition(last.get(b.unitId) ?? null, incoming, now, settings.limits);
    if (!verdict.accept) {
      const { accept: _a, ...why } = verdict;
      results[i] = { ...base, outcome: IGNORED_REJECTIONS.includes(verdict.reason) ? 'ignored' : 'rejected', ...why };
      continue;
    }
    last.set(b.unitId, incoming);
    accepted.push({ i, fix: { ...incoming, unitId: b.unitId } });
  }
  // One statement for the whole batch: the write, not the judging, is what costs.
  const fixes = accepted.map((a) => a.fix);
  const stored = await (io ? io.write(fixes) : repos.unitStatus.recordFixes(fixes));
  const published: ReturnType<typeof pushed>[] = [];
  for (const { i, fix } of accepted) {
    const base = { unitId: fix.unitId, at: batch[i]!.at };
    // Not stored although judged new: a concurrent copy of it got there first (or the unit just went off duty).
    const isStored = stored.has(`${fix.unitId}|${fix.at.toISOString()}`);
    results[i] = isStored ? { ...base, outcome: 'stored' } : { ...base, outcome: 'ignored', reason: 'duplicate' };
    if (isStored) published.push(pushed(units.get(fix.unitId)!, fix));
  }
  services.positions?.publish(published);
  return { items: results };
}

/**
 * Records the fix a crew sends with a status change or a step, when the unit is on duty and the
 * fix passes the same checks as any other; true when it was stored.
 */
export async function recordFixWithChange(tx: Repositories, unit: LiveUnit, fix: UnitFix | null | undefined, now: Date, settings: UnitSettings): Promise<boolean> {
  if (!fix || !isOnDuty(unit.status) || !acceptPosition(unit.lastPosition, fix, now, settings.limits).accept) return false;
  return (await tx.unitStatus.recordFix(unit.id, fix)) === 'stored';
}
