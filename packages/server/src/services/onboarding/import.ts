import { HsdsDocument, type OnboardingKind, type OnboardingPlan, type RowKind } from '@continuum/contracts';
import { countPlan, DomainError, duplicateKeys, groupRows, invalid, planRows, type LinedRow, type PlanEntry } from '@continuum/domain';
import { hashPassword, newSecret } from '../../auth/secrets.ts';
import { accountWrite, regionalUse, type AccountActor } from '../access/account-scope.ts';
import type { Services } from '../context.ts';
import { hsdsImportWork } from '../destinations/facilities-hsds-import.ts';
import { authorise } from '../incident/incidents.ts';
import type { WriteOutcome } from '../write.ts';
import { readRows } from './files.ts';
import { agencies, crews, shifts, units, users, type ApplyContext, type KindHandler } from './kinds.ts';
import { scopeOf, type OnboardingScope } from './scope.ts';
import type { Repositories } from '@continuum/storage';

const HANDLERS: Record<RowKind, KindHandler<never>> = { agencies, units, crews, shifts, users } as unknown as Record<RowKind, KindHandler<never>>;

/** The key fields a duplicate is named by. */
const KEY_FIELD: Record<RowKind, string> = { agencies: 'id', units: 'id', crews: 'unit', shifts: 'startsAt', users: 'username' };

export interface ImportOptions {
  dryRun: boolean;
  /** The command line's region, when the database has more than one. */
  region?: string | undefined;
}

/**
 * Imports one file (issue 16 §2, ADR 0026): every row is read and checked, then compared with
 * the region; a dry run answers the plan and writes nothing but its audit row, an import applies
 * the plan in the same one transaction. Any refused row refuses the whole file.
 */
export async function importFile(services: Services, actor: AccountActor, kind: OnboardingKind, body: unknown, opts: ImportOptions) {
  if (actor !== 'system') authorise(actor.principal, 'user.manage');
  if (kind === 'facilities') return importFacilities(services, actor, body, opts);
  const rows = readRows(kind, body);
  const handler = HANDLERS[kind] as KindHandler<unknown>;
  let hash: Promise<string> | null = null;
  return accountWrite<OnboardingPlan>(services, actor, 'onboarding.import', async (tx, now): Promise<WriteOutcome<OnboardingPlan>> => {
    const scope = await scopeOf(tx, actor, opts.region);
    const ctx: ApplyContext = {
      tx, scope, now, newId: services.newId, actorId: actor === 'system' ? null : actor.principal.userId,
      // One hash of a secret nobody keeps, for every new account of this import: none can sign in with a password until one is set.
      unusableHash: () => (hash ??= hashPassword(newSecret())),
    };
    const lined: LinedRow<unknown>[] = rows.map(({ line, row }) => {
      const value = handler.normal(row as never);
      // A crew file's rows are keyed by their unit and grouped into its roster below.
      return { line, key: kind === 'crews' ? (value as { unit: string }).unit : handler.key(value as never), value };
    });
    const keyed = kind === 'crews' ? groupRows(lined) : lined;
    const issues = kind === 'crews' ? [] : duplicateKeys(lined, KEY_FIELD[kind]);
    const current = await handler.current(ctx);
    issues.push(...(await handler.check(ctx, keyed as LinedRow<never>[], current as Map<string, never>)));
    if (issues.length) throw invalid(issues.sort((a, b) => a.line - b.line));
    const entries = planRows(keyed as LinedRow<object>[], current as Map<string, object>);
    const feed = [];
    if (!opts.dryRun) {
      for (const e of entries) if (e.action !== 'unchanged') feed.push(...(await handler.apply(ctx, e.key, e.value as never, current.get(e.key) as never)));
    }
    return outcomeOf(tx, actor, now, kind, opts.dryRun, entries, scope, feed);
  });
}

/** The plan as the answer, and its audit row; an import under a regional grant also alerts the privacy officer. */
async function outcomeOf(tx: Repositories, actor: AccountActor, now: Date, kind: OnboardingKind, dryRun: boolean, entries: PlanEntry[], scope: OnboardingScope, feed: WriteOutcome<unknown>['feed']): Promise<WriteOutcome<OnboardingPlan>> {
  const counts = countPlan(entries);
  const body: OnboardingPlan = { kind, dryRun, counts, entries: entries.map(({ key, line, action, changes }) => ({ key, line, action, changes })) };
  const alert = actor === 'system' || dryRun ? null : regionalUse(actor, now, { grant: scope.grant, agencyIds: [...scope.agencyIds] }, { action: 'onboarding.import', userId: null });
  if (alert) await tx.audit.write(alert.audit);
  const touched = (a: string) => entries.filter((e) => e.action === a).map((e) => e.key);
  return {
    status: 200, body,
    audit: { action: 'onboarding.import', resourceType: 'onboarding', resourceId: kind, detail: { kind, dryRun, counts, created: touched('create'), changed: touched('change'), ...(scope.grant ? { regionalGrantId: scope.grant.id } : {}) } },
    feed: alert ? [...feed, alert.feed] : feed,
  };
}

/** Facilities are an Open Referral HSDS document, read by the directory's own import. */
async function importFacilities(services: Services, actor: AccountActor, body: unknown, opts: ImportOptions) {
  if (typeof body === 'string') {
    throw new DomainError('unsupported_media_type', 'Facilities are imported as an HSDS 3.0 JSON document', {}, [{ field: '', rule: 'media_type', message: 'send the HSDS document as application/json' }]);
  }
  const parsed = HsdsDocument.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ field: i.path.join('.'), rule: i.code, message: i.message })));
  return accountWrite<OnboardingPlan>(services, actor, 'onboarding.import', async (tx, now) => {
    const scope = await scopeOf(tx, actor, opts.region);
    const work = await hsdsImportWork(tx, parsed.data, scope.regionId, opts.dryRun);
    const entries: PlanEntry[] = [
      ...work.result.created.map((key) => ({ key, line: null, action: 'create' as const, changes: [], value: null })),
      ...work.result.updated.map((key) => ({ key, line: null, action: 'change' as const, changes: [], value: null })),
      ...work.result.unchanged.map((key) => ({ key, line: null, action: 'unchanged' as const, changes: [], value: null })),
    ];
    return outcomeOf(tx, actor, now, 'facilities', opts.dryRun, entries, scope, work.feed);
  });
}
