import { DomainError, checkPassword } from '@continuum/domain';
import type { AdminConfig } from '../config.ts';
import { AGENCY_KINDS } from '../demo/demo-region.ts';
import { accountWrite } from '../services/access/account-scope.ts';
import { createUser } from '../services/access/accounts.ts';
import type { Services } from '../services/context.ts';
import { adminSettingError } from './setting-error.ts';

// createUser's field → the setting that supplied it.
const FIELD_SETTING: Record<string, keyof AdminConfig> = { username: 'username', password: 'password', displayName: 'displayName', agencyId: 'agencyId' };

/**
 * The first administrator from CONTINUUM_ADMIN_* (ADR 0021): created, audited as the system, only
 * while the database has no accounts, so a restart with the same settings does nothing. When the
 * database has no agencies at all, the administrator's agency and region are created from the
 * settings; a database that has agencies must already hold the one named.
 */
export async function ensureFirstAdmin(services: Services, admin: AdminConfig): Promise<{ created: boolean }> {
  if ((await services.store.read.users.count()) > 0) return { created: false };
  // Checked before the agency is created, so that a refused password leaves nothing behind.
  const weak = checkPassword(admin.password, admin)[0];
  if (weak) throw adminSettingError('password', weak.message);
  if (!(await services.store.read.organisations.agency(admin.agencyId))) await createAdminAgency(services, admin);
  try {
    await createUser(services, 'system', { username: admin.username, displayName: admin.displayName, password: admin.password, role: 'administrator', agencyId: admin.agencyId });
    return { created: true };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    // Another process starting on the same database at the same moment created it first.
    if (err.code === 'conflict' && (await services.store.read.users.byUsername(admin.username))) return { created: false };
    const issue = err.issues[0];
    const field = issue ? FIELD_SETTING[issue.field] : undefined;
    throw field ? adminSettingError(field, issue!.message) : err;
  }
}

async function createAdminAgency(services: Services, admin: AdminConfig): Promise<void> {
  const existing = await services.store.read.organisations.agencies();
  if (existing.length) {
    const some = existing.slice(0, 10).map((a) => a.id).join(', ');
    throw adminSettingError('agencyId', `no agency "${admin.agencyId}" in this database; its agencies include ${some}`);
  }
  const needed = (field: 'agencyName' | 'agencyKind' | 'regionId' | 'regionName'): string => {
    const value = admin[field];
    if (!value) throw adminSettingError(field, `is required when the database has no agencies yet: the administrator's agency "${admin.agencyId}" and its region are created from it`);
    return value;
  };
  const kind = needed('agencyKind');
  if (!(AGENCY_KINDS as readonly string[]).includes(kind)) throw adminSettingError('agencyKind', `must be one of ${AGENCY_KINDS.join(', ')}`);
  const agency = { id: admin.agencyId, regionId: needed('regionId'), kind, name: needed('agencyName'), countyFips: null, lat: null, lon: null };
  const regionName = needed('regionName');
  await accountWrite(services, 'system', 'agency.create', async (tx, now) => {
    if (!(await tx.organisations.region(agency.regionId))) {
      await tx.organisations.upsertRegion({ id: agency.regionId, kind: 'ems_region', name: regionName, parentId: null });
      await tx.audit.write({
        at: now, actorId: null, role: null, agencyId: null, action: 'region.create', outcome: 'allowed', resourceType: 'region', resourceId: agency.regionId,
        fieldClasses: [], purpose: null, address: null, detail: { name: regionName, by: 'system', from: 'CONTINUUM_ADMIN_REGION' },
      });
    }
    await tx.organisations.upsertAgency(agency);
    return {
      status: 201, body: agency,
      audit: { action: 'agency.create', resourceType: 'agency', resourceId: agency.id, agencyId: agency.id, detail: { regionId: agency.regionId, kind, name: agency.name, from: 'CONTINUUM_ADMIN_AGENCY' } },
      feed: [],
    };
  });
}
