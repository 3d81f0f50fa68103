import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CreateAgencyRequest, CreateUnitRequest, DistrictImportRequest, ServiceAreaImportRequest, UpdateAgencyRequest, UpdateRegionRequest, UpdateUnitRequest, type RegionAdminView } from '@continuum/contracts';
import { DomainError, PERMISSIONS, type Permission } from '@continuum/domain';
import {
  checkProtocolUpload,
  createAgency,
  createUnit,
  getRegion,
  importDistricts,
  importServiceArea,
  issueTokenAsSystem,
  listAdminUnits,
  listAgencies,
  listDistricts,
  listRegions,
  listTokensOf,
  pinProtocolAsSystem,
  publishProtocolAsSystem,
  removeDistrict,
  retireUnit,
  revokeTokenAsSystem,
  updateAgency,
  updateRegion,
  updateUnit,
  type Services,
} from '@continuum/server';
import { migrate } from '@continuum/storage';
import type { z } from 'zod';
import { servicesOf, withDatabase, type DbOptions } from './commands.ts';
import { confirm } from './confirm.ts';

/**
 * Administration from the command line (issue 16 §1; ADR 0025): regions, agencies, units, police
 * districts, API tokens and protocol versions. Each runs as the system through the same services
 * as the API (audited, one transaction each), on the database the flags name; on an embedded
 * folder a running server holds, the folder's lock refuses it and names the process.
 */
const withServices = <T>(opts: DbOptions, work: (services: Services) => Promise<T>) =>
  withDatabase(opts, async (database) => {
    await migrate(database);
    return work(servicesOf(database));
  });

/** A request's contract, checked before the database is opened: refusals name the flag. */
function parse<S extends z.ZodType>(schema: S, value: unknown, flags: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((i) => `${flagFor(i.path.map(String), flags)}: ${i.message}`).join('; '));
}

const flagFor = (path: string[], flags: Record<string, string>): string => {
  for (let n = path.length; n > 0; n--) {
    const flag = flags[path.slice(0, n).join('.')];
    if (flag) return `${flag}${path.length > n ? ` (${path.slice(n).join('.')})` : ''}`;
  }
  return path.join('.') || 'input';
};

/** A service's refusal, its fields named as the command's flags where there is one. */
async function refusingWith<T>(flags: Record<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError && err.issues.length) {
      throw new Error(err.issues.map((i) => `${flagFor(i.field.split('.'), flags)}: ${i.message} (${i.rule})`).join('; '), { cause: err });
    }
    throw err;
  }
}

const list = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));
const point = (v: string | undefined, flag: string) => {
  if (v === undefined) return undefined;
  const [lat, lon] = v.split(',').map(Number);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new Error(`${flag}: must be LAT,LON such as 40.11,-88.24`);
  return { lat: lat!, lon: lon! };
};
const noneOr = (v: string | undefined) => (v === undefined ? undefined : v === 'none' ? null : v);
const readJson = async (file: string, flag: string): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`${flag}: ${file} is not a JSON file (${(err as Error).message})`, { cause: err });
  }
};
const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
};

// ─── regions ──────────────────────────────────────────────────────────────────────────────────

function describeRegion(r: RegionAdminView): string {
  const m = r.maxResponseMinutes;
  const rows = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v} min`).join(', ') || 'none';
  return [
    `${r.id}  ${r.name} (${r.kind}, version ${r.version})`,
    `  time zone:          ${r.timeZone}`,
    `  maximum response:   default ${m.default === null ? 'the server setting (CONTINUUM_REGIONAL_MAX_MINUTES)' : `${m.default} min`}`,
    `    by risk level:    ${rows(m.byLevel)}`,
    `    by emergency type: ${rows(m.byEmergencyType)}`,
    `  follow-up provider: ${r.followupProviderId ?? 'none named'}`,
    `  backup 988 centre:  ${r.backup988CentreId ?? 'none named'}`,
  ].join('\n');
}

/** `continuum region show [REGION]` */
export async function regionShowCommand(regionId: string | undefined, opts: DbOptions): Promise<void> {
  await withServices(opts, async (services) => {
    const regions = regionId ? [await refusingWith({ regionId: 'REGION' }, () => getRegion(services, 'system', regionId))] : (await listRegions(services, 'system')).items;
    console.log(regions.map(describeRegion).join('\n\n'));
  });
}

const REGION_FLAGS = { name: '--name', timeZone: '--time-zone', maxResponseMinutes: '--max-*', 'maxResponseMinutes.default': '--max-default', 'maxResponseMinutes.byLevel': '--max-level', 'maxResponseMinutes.byEmergencyType': '--max-type', followupProviderId: '--followup-provider', backup988CentreId: '--backup-988', regionId: 'REGION', 'params.regionId': 'REGION' };

/** `KEY=MINUTES` pairs of a repeated flag. */
const pairs = (values: string[] | undefined, flag: string): Record<string, number> =>
  Object.fromEntries(
    (values ?? []).map((v) => {
      const [k, n] = v.split('=');
      if (!k || n === undefined || !/^\d+$/.test(n)) throw new Error(`${flag}: must be KEY=MINUTES such as ${flag === '--max-level' ? '4=30' : 'youth=45'}`);
      return [k, Number(n)];
    }),
  );

/** `continuum region set REGION …` */
export async function regionSetCommand(
  regionId: string,
  opts: DbOptions & { name?: string; timeZone?: string; maxDefault?: string; maxLevel?: string[]; maxType?: string[]; clearMaxima?: boolean; followupProvider?: string; backup988?: string },
): Promise<void> {
  await withServices(opts, async (services) => {
    const current = await refusingWith(REGION_FLAGS, () => getRegion(services, 'system', regionId));
    const touchesMaxima = opts.maxDefault !== undefined || opts.maxLevel?.length || opts.maxType?.length || opts.clearMaxima;
    const base = opts.clearMaxima ? { default: null, byLevel: {}, byEmergencyType: {} } : current.maxResponseMinutes;
    const maxima = touchesMaxima
      ? {
          default: opts.maxDefault === undefined ? base.default : opts.maxDefault === 'none' ? null : Number(opts.maxDefault),
          byLevel: { ...base.byLevel, ...pairs(opts.maxLevel, '--max-level') },
          byEmergencyType: { ...base.byEmergencyType, ...pairs(opts.maxType, '--max-type') },
        }
      : undefined;
    const body = parse(UpdateRegionRequest, {
      name: opts.name, timeZone: opts.timeZone, maxResponseMinutes: maxima, followupProviderId: noneOr(opts.followupProvider), backup988CentreId: noneOr(opts.backup988),
    }, REGION_FLAGS);
    const { body: after } = await refusingWith(REGION_FLAGS, () => updateRegion(services, 'system', regionId, body));
    console.log(`Updated ${regionId} (version ${after.version}):\n${describeRegion(after)}`);
  });
}

// ─── agencies ─────────────────────────────────────────────────────────────────────────────────

const AGENCY_FLAGS = { id: '--id', regionId: '--region', kind: '--kind', name: '--name', countyFips: '--county-fips', location: '--location', contact: '--phone/--email/--address/--contact-name', 'contact.phone': '--phone', 'contact.email': '--email', 'contact.address': '--address', 'contact.name': '--contact-name', agencyId: 'AGENCY', 'params.agencyId': 'AGENCY' };

interface ContactFlags { phone?: string; email?: string; address?: string; contactName?: string }
const contactOf = (o: ContactFlags) => Object.fromEntries(Object.entries({ name: o.contactName, phone: o.phone, email: o.email, address: o.address }).filter(([, v]) => v !== undefined));

/** `continuum agency add …` */
export async function agencyAddCommand(opts: DbOptions & ContactFlags & { id: string; region: string; kind: string; name: string; countyFips?: string; location?: string }): Promise<void> {
  const body = parse(CreateAgencyRequest, {
    id: opts.id, regionId: opts.region, kind: opts.kind, name: opts.name, countyFips: opts.countyFips ?? null, location: point(opts.location, '--location') ?? null, contact: contactOf(opts),
  }, AGENCY_FLAGS);
  await withServices(opts, async (services) => {
    const { body: a } = await refusingWith(AGENCY_FLAGS, () => createAgency(services, 'system', body));
    console.log(`Created agency ${a.id} (${a.kind}) in ${a.regionId}: ${a.name}`);
  });
}

/** `continuum agency list [--region R]` */
export async function agencyListCommand(opts: DbOptions & { region?: string }): Promise<void> {
  await withServices(opts, async (services) => {
    const { items } = await refusingWith(AGENCY_FLAGS, () => listAgencies(services, 'system', { regionId: opts.region }));
    if (items.length === 0) return console.log('No agencies.');
    console.log(table([['ID', 'REGION', 'KIND', 'NAME', 'CONTACT'], ...items.map((a) => [a.id, a.regionId, a.kind, a.name, [a.contact.phone, a.contact.email].filter(Boolean).join(' ')])]));
  });
}

/** `continuum agency set AGENCY …`: the contact flags given change those parts, the rest is kept. */
export async function agencySetCommand(agencyId: string, opts: DbOptions & ContactFlags & { region?: string; kind?: string; name?: string; countyFips?: string; location?: string }): Promise<void> {
  await withServices(opts, async (services) => {
    const current = (await listAgencies(services, 'system', {})).items.find((a) => a.id === agencyId);
    if (!current) throw new Error(`AGENCY: no agency "${agencyId}"`);
    const contact = contactOf(opts);
    const body = parse(UpdateAgencyRequest, {
      regionId: opts.region, kind: opts.kind, name: opts.name, countyFips: noneOr(opts.countyFips), location: opts.location === 'none' ? null : point(opts.location, '--location'),
      contact: Object.keys(contact).length ? { ...current.contact, ...contact } : undefined,
    }, AGENCY_FLAGS);
    const { body: a } = await refusingWith(AGENCY_FLAGS, () => updateAgency(services, 'system', agencyId, body));
    console.log(`Updated agency ${a.id} (version ${a.version}): ${a.name}, ${a.kind} in ${a.regionId}`);
  });
}

// ─── units ────────────────────────────────────────────────────────────────────────────────────

const UNIT_FLAGS = { id: '--id', agencyId: '--agency', name: '--name', model: '--model', composition: '--composition', partnerAgencyIds: '--partners', home: '--home', 'home.label': '--home-label', capabilities: '--languages/--youth/--naloxone/--can-transport', 'capabilities.languages': '--languages', serviceArea: '--service-area', geojson: '--service-area', reason: '--reason', 'params.id': 'UNIT' };

interface CapabilityFlags { languages?: string; youth?: boolean; naloxone?: boolean; canTransport?: boolean }
const capabilitiesOf = (o: CapabilityFlags, base: { youth: boolean; languages: string[]; naloxone: boolean; canTransport: boolean } | null) =>
  o.languages === undefined && o.youth === undefined && o.naloxone === undefined && o.canTransport === undefined
    ? undefined
    : {
        youth: o.youth ?? base?.youth ?? false,
        languages: list(o.languages) ?? base?.languages ?? [],
        naloxone: o.naloxone ?? base?.naloxone ?? false,
        canTransport: o.canTransport ?? base?.canTransport ?? false,
      };

type UnitFlags = CapabilityFlags & { name?: string; model?: string; agency?: string; composition?: string; partners?: string; home?: string; homeLabel?: string; serviceArea?: string };

/** `continuum unit add …` */
export async function unitAddCommand(opts: DbOptions & UnitFlags & { id: string }): Promise<void> {
  const body = parse(CreateUnitRequest, {
    id: opts.id, agencyId: opts.agency, name: opts.name, model: opts.model, composition: list(opts.composition), partnerAgencyIds: list(opts.partners) ?? [],
    home: opts.home === undefined ? undefined : { ...point(opts.home, '--home'), label: opts.homeLabel ?? null }, capabilities: capabilitiesOf(opts, null),
  }, UNIT_FLAGS);
  const area = opts.serviceArea ? parse(ServiceAreaImportRequest, { geojson: await readJson(opts.serviceArea, '--service-area') }, UNIT_FLAGS) : null;
  await withServices(opts, async (services) => {
    const { body: u } = await refusingWith(UNIT_FLAGS, () => createUnit(services, 'system', body));
    if (area) await refusingWith(UNIT_FLAGS, () => importServiceArea(services, 'system', u.id, area));
    console.log(`Created unit ${u.id} (${u.model}) of ${u.agencyId}, off duty${area ? ', with its service area from ' + basename(opts.serviceArea!) : ' (service area: the county)'}`);
  });
}

/** `continuum unit list [--agency A] [--retired]` */
export async function unitListCommand(opts: DbOptions & { agency?: string; retired?: boolean }): Promise<void> {
  await withServices(opts, async (services) => {
    const { items } = await refusingWith({ agencyId: '--agency' }, () => listAdminUnits(services, 'system', { agencyId: opts.agency, retired: opts.retired ? 'true' : 'false' }));
    if (items.length === 0) return console.log('No units.');
    console.log(table([
      ['ID', 'AGENCY', 'MODEL', 'LANGUAGES', 'AREA', 'NAME'],
      ...items.map((u) => [u.id, u.agencyId, u.model, u.capabilities.languages.join(',') || '-', u.serviceArea.source, `${u.name}${u.retiredAt ? ` (retired ${u.retiredAt.slice(0, 10)})` : ''}`]),
    ]));
  });
}

/** `continuum unit set UNIT …` */
export async function unitSetCommand(unitId: string, opts: DbOptions & UnitFlags): Promise<void> {
  const area = opts.serviceArea ? parse(ServiceAreaImportRequest, { geojson: await readJson(opts.serviceArea, '--service-area') }, UNIT_FLAGS) : null;
  await withServices(opts, async (services) => {
    const current = (await listAdminUnits(services, 'system', { retired: 'true' })).items.find((u) => u.id === unitId);
    if (!current) throw new Error(`UNIT: no unit "${unitId}"`);
    const changes = {
      name: opts.name, model: opts.model, agencyId: opts.agency, composition: list(opts.composition), partnerAgencyIds: list(opts.partners),
      home: opts.home === undefined ? undefined : { ...point(opts.home, '--home'), label: opts.homeLabel ?? current.home.label }, capabilities: capabilitiesOf(opts, current.capabilities),
    };
    const given = Object.values(changes).some((v) => v !== undefined);
    if (!given && !area) throw new Error('name at least one thing to change (see continuum unit set --help)');
    if (given) await refusingWith(UNIT_FLAGS, () => updateUnit(services, 'system', unitId, parse(UpdateUnitRequest, changes, UNIT_FLAGS)));
    if (area) await refusingWith(UNIT_FLAGS, () => importServiceArea(services, 'system', unitId, area));
    console.log(`Updated unit ${unitId}`);
  });
}

/** `continuum unit retire UNIT --reason R [--yes]` */
export async function unitRetireCommand(unitId: string, opts: DbOptions & { reason: string; yes?: boolean }): Promise<void> {
  await withServices(opts, async (services) => {
    await confirm(`Retire ${unitId} for good? It leaves the board and the recommendation.`, opts.yes ?? false);
    await refusingWith(UNIT_FLAGS, () => retireUnit(services, 'system', unitId, { reason: opts.reason }));
    console.log(`Retired ${unitId}: it no longer appears on the board; its history stays`);
  });
}

// ─── districts ────────────────────────────────────────────────────────────────────────────────

/** `continuum district import FILE --region R [--dry-run]`: refuses a bad file naming the feature index and the rule. */
export async function districtImportCommand(file: string, opts: DbOptions & { region: string; dryRun?: boolean; yes?: boolean }): Promise<void> {
  const collection = await readJson(file, 'FILE');
  const body = parse(DistrictImportRequest, { regionId: opts.region, dryRun: opts.dryRun ?? false, collection }, { regionId: '--region', collection: 'FILE' });
  await withServices(opts, async (services) => {
    const run = (dryRun: boolean) => refusingWith({ regionId: '--region', collection: 'FILE' }, () => importDistricts(services, 'system', { ...body, dryRun }));
    const check = (await run(true)).body;
    const verb = body.dryRun ? 'Would' : 'Will';
    console.log(`${verb} create ${check.created.length} (${check.created.join(', ') || '-'}), replace ${check.updated.length} (${check.updated.join(', ') || '-'}), leave ${check.unchanged.length} unchanged`);
    if (body.dryRun) return console.log('Dry run: nothing was changed.');
    if (check.updated.length) await confirm(`Replace the geometry of ${check.updated.length} district(s)? Calls there are placed again.`, opts.yes ?? false);
    const done = (await run(false)).body;
    console.log(`Imported ${done.created.length + done.updated.length} district(s) into ${done.regionId}; ${done.incidentsPlaced} call(s) placed in another district`);
  });
}

/** `continuum district list [--region R]` */
export async function districtListCommand(opts: DbOptions & { region?: string }): Promise<void> {
  await withServices(opts, async (services) => {
    const { items } = await refusingWith({ regionId: '--region' }, () => listDistricts(services, 'system', { regionId: opts.region }));
    if (items.length === 0) return console.log('No districts.');
    console.log(table([['ID', 'REGION', 'KIND', 'AGENCY', 'NAME'], ...items.map((d) => [d.id, d.regionId, d.kind, d.agencyId ?? '-', d.name])]));
  });
}

/** `continuum district remove DISTRICT [--yes]` */
export async function districtRemoveCommand(districtId: string, opts: DbOptions & { yes?: boolean }): Promise<void> {
  await withServices(opts, async (services) => {
    await confirm(`Remove district ${districtId}? Its calls are placed again (in another district or none).`, opts.yes ?? false);
    const { body } = await refusingWith({ districtId: 'DISTRICT' }, () => removeDistrict(services, 'system', districtId));
    console.log(`Removed ${districtId}; ${body.incidentsPlaced} call(s) placed again`);
  });
}

// ─── tokens ───────────────────────────────────────────────────────────────────────────────────

async function userIdOf(services: Services, username: string): Promise<string> {
  const user = await services.store.read.users.byUsername(username);
  if (!user) throw new Error(`--username: no account "${username}"`);
  return user.id;
}

/** `continuum token list --username U` */
export async function tokenListCommand(opts: DbOptions & { username: string }): Promise<void> {
  await withServices(opts, async (services) => {
    const tokens = await listTokensOf(services, await userIdOf(services, opts.username));
    if (tokens.length === 0) return console.log(`${opts.username} has no API tokens.`);
    const state = (t: (typeof tokens)[number]) => (t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : t.expiresAt && t.expiresAt < new Date() ? 'expired' : `until ${t.expiresAt?.toISOString() ?? 'never'}`);
    console.log(table([['ID', 'NAME', 'AS', 'SCOPES', 'STATE'], ...tokens.map((t) => [t.id, t.name, `${t.role}@${t.agencyId}`, t.scopes?.join(',') ?? 'the role', state(t)])]));
  });
}

/** `continuum token create --username U --agency A --role R --name N [--scopes a,b] [--expires-in-days N]` */
export async function tokenCreateCommand(opts: DbOptions & { username: string; agency: string; role: string; name: string; scopes?: string; expiresInDays: string }): Promise<void> {
  const scopes = list(opts.scopes) ?? null;
  const unknown = (scopes ?? []).filter((s) => !(PERMISSIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`--scopes: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a permission' : 'are not permissions'} (one of ${PERMISSIONS.join(', ')})`);
  const days = Number(opts.expiresInDays);
  if (!Number.isInteger(days)) throw new Error('--expires-in-days: must be a whole number of days from 1 to 366');
  await withServices(opts, async (services) => {
    const userId = await userIdOf(services, opts.username);
    const flags = { role: '--role', scopes: '--scopes', expiresInDays: '--expires-in-days' };
    const { body } = await refusingWith(flags, () => issueTokenAsSystem(services, { userId, agencyId: opts.agency, role: opts.role, name: opts.name, scopes: scopes as Permission[] | null, expiresInDays: days }));
    console.log(`Created token ${body.id} for ${opts.username} as ${opts.role} at ${opts.agency}, until ${body.expiresAt}.`);
    console.log('The token is shown once; only its hash is kept:');
    console.log(body.token);
  });
}

/** `continuum token revoke ID [--yes]` */
export async function tokenRevokeCommand(tokenId: string, opts: DbOptions & { yes?: boolean }): Promise<void> {
  await withServices(opts, async (services) => {
    const token = await services.store.read.tokens.byId(tokenId);
    if (!token) throw new Error(`ID: no token "${tokenId}"`);
    await confirm(`Revoke token ${tokenId} ("${token.name}")? Whatever uses it stops at once.`, opts.yes ?? false);
    await revokeTokenAsSystem(services, tokenId);
    console.log(`Revoked token ${tokenId}: its live feeds close in every server process`);
  });
}

// ─── protocols ────────────────────────────────────────────────────────────────────────────────

const protocolFile = async (file: string) => ({ fileName: basename(file), text: await readFile(file, 'utf8') });

/** `continuum protocol upload FILE`: the lint report, and what publishing it would do on this database. */
export async function protocolUploadCommand(file: string, opts: DbOptions): Promise<void> {
  const input = await protocolFile(file);
  await withServices(opts, async (services) => {
    const r = await refusingWith({ text: 'FILE', status: 'FILE (status)' }, () => checkProtocolUpload(services, input));
    console.log(`✓ ${input.fileName}: ${r.protocolVersion}, status ${r.status}; the lint found no problem`);
    if (r.published === 'same') console.log(`${r.protocolVersion} is published already with this content: nothing to publish.`);
    else if (r.published === 'different') {
      process.exitCode = 1;
      console.log(`${r.protocolVersion} is published already with other content: a published version never changes; give this file a new version.`);
    } else if (r.status !== 'published') console.log('Its status is not "published": set it before `continuum protocol publish`.');
    else console.log(`Ready: \`continuum protocol publish ${file}\` publishes ${r.protocolVersion}.`);
  });
}

/** `continuum protocol publish FILE [--yes]` */
export async function protocolPublishCommand(file: string, opts: DbOptions & { yes?: boolean }): Promise<void> {
  const input = await protocolFile(file);
  await withServices(opts, async (services) => {
    const r = await refusingWith({ text: 'FILE' }, () => checkProtocolUpload(services, input));
    await confirm(`Publish ${r.protocolVersion}? A published version never changes.`, opts.yes ?? false);
    const { body } = await refusingWith({ text: 'FILE', status: 'FILE (status)', version: 'FILE (version)' }, () => publishProtocolAsSystem(services, input));
    console.log(`Published ${body.protocolVersion}; pin it for a region with \`continuum protocol pin ${body.protocolVersion} --region REGION\``);
  });
}

/** `continuum protocol pin ID@VERSION --region R [--yes]` */
export async function protocolPinCommand(protocolVersion: string, opts: DbOptions & { region: string; yes?: boolean }): Promise<void> {
  const at = protocolVersion.lastIndexOf('@');
  if (at <= 0) throw new Error('PROTOCOL: must be ID@VERSION such as il-irlm@2025.09.0');
  await withServices(opts, async (services) => {
    await confirm(`Pin ${protocolVersion} for ${opts.region}? New calls there are triaged with it from now on.`, opts.yes ?? false);
    const { body } = await refusingWith({ region: '--region' }, () => pinProtocolAsSystem(services, opts.region, { protocolId: protocolVersion.slice(0, at), version: protocolVersion.slice(at + 1) }));
    console.log(`${body.regionId} triages new calls with ${body.protocolVersion}${body.previous ? ` (was ${body.previous}); calls already open keep theirs` : ''}`);
  });
}
