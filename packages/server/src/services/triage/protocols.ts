import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProtocol } from '@continuum/contracts';
import { DomainError, notFound, protocolVersionOf, type Protocol } from '@continuum/domain';
import type { Repositories } from '@continuum/storage';
import type { RequestContext, Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { performWrite } from '../write.ts';

export const SHIPPED_PROTOCOLS_DIR = fileURLToPath(new URL('../../../../../protocols/', import.meta.url));

// Published versions never change, so a parsed protocol can be kept for the life of the process.
const cache = new Map<string, Protocol>();

export const checksumOf = (protocol: Protocol): string => createHash('sha256').update(JSON.stringify(protocol)).digest('hex');

/** Parses and lints a protocol file, refusing it with every problem listed (file, path, message). */
export function parseProtocolFile(text: string, fileName: string): Protocol {
  const loaded = loadProtocol(text, fileName);
  if (!loaded.ok) {
    const issues = loaded.problems.map((p) => ({
      // The request's field is the file's text; the problem's place in the file follows it.
      field: p.path ? `text.${p.path}` : 'text',
      rule: 'protocol',
      message: `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`,
    }));
    throw new DomainError('validation_failed', `${fileName} has ${issues.length} problem(s)`, { problems: loaded.problems }, issues);
  }
  return loaded.value as Protocol;
}

/**
 * Publishes the protocol files shipped with the product that the database does not hold yet.
 * A shipped file whose content differs from the version already published stops start-up: a
 * published version is immutable, so a change needs a new version number.
 */
export async function publishShippedProtocols(services: Services, dir = SHIPPED_PROTOCOLS_DIR): Promise<string[]> {
  const published: string[] = [];
  for (const folder of await readdir(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of await readdir(join(dir, folder.name))) {
      if (!/\.(ya?ml|json)$/.test(file) || /cases\./.test(file)) continue;
      const protocol = parseProtocolFile(await readFile(join(dir, folder.name, file), 'utf8'), file);
      if (protocol.status !== 'published') continue;
      const checksum = checksumOf(protocol);
      const existing = await services.store.read.protocols.get(protocol.id, protocol.version);
      if (existing && existing.checksum !== checksum) {
        throw new Error(`Protocol ${protocolVersionOf(protocol)} in ${file} differs from the published version; publish changes under a new version`);
      }
      if (!existing) {
        await services.store.transaction((tx) => publishIn(tx, protocol, checksum, null, services.clock()));
        published.push(protocolVersionOf(protocol));
      }
    }
  }
  return published;
}

export async function publishIn(tx: Repositories, protocol: Protocol, checksum: string, by: string | null, at: Date): Promise<void> {
  await tx.protocols.publish({ protocolId: protocol.id, version: protocol.version, title: protocol.title, document: protocol, checksum, publishedBy: by, publishedAt: at });
}

/** Publishes a new protocol version from a file's text (administrators and supervisors). */
export async function publishProtocol(services: Services, ctx: RequestContext, input: { fileName: string; text: string }) {
  authorise(ctx.principal, 'protocol.manage');
  const protocol = parseProtocolFile(input.text, input.fileName);
  if (protocol.status !== 'published') {
    throw new DomainError('validation_failed', 'Only a protocol with status "published" can be published', {}, [{ field: 'status', rule: 'published', message: 'set status: published' }]);
  }
  return performWrite(services, ctx, 'protocol.publish', async (tx, now) => {
    if (await tx.protocols.get(protocol.id, protocol.version)) {
      throw new DomainError('conflict', `${protocolVersionOf(protocol)} is already published; a published version never changes`, {}, [{ field: 'version', rule: 'unique', message: 'use a new version number' }]);
    }
    await publishIn(tx, protocol, checksumOf(protocol), ctx.principal.userId, now);
    return { status: 201, body: { protocolVersion: protocolVersionOf(protocol) }, audit: { action: 'protocol.publish', resourceType: 'protocol', resourceId: protocolVersionOf(protocol) }, feed: [] };
  });
}

/** Pins the version a region triages with from now on; incidents keep the version they began with. */
export async function pinProtocol(services: Services, ctx: RequestContext, regionId: string, input: { protocolId: string; version: string }) {
  authorise(ctx.principal, 'protocol.manage');
  return performWrite(services, ctx, 'protocol.pin', async (tx, now) => {
    if (!(await tx.organisations.regions()).some((r) => r.id === regionId)) {
      throw new DomainError('not_found', `Region ${regionId} was not found`, { resource: 'Region', id: regionId }, [{ field: 'params.regionId', rule: 'exists', message: 'no region has this id' }]);
    }
    if (!(await tx.protocols.get(input.protocolId, input.version))) throw notFound('Protocol', `${input.protocolId}@${input.version}`);
    await tx.protocols.pin({ regionId, protocolId: input.protocolId, version: input.version, pinnedAt: now, pinnedBy: ctx.principal.userId });
    return { status: 200, body: { regionId, protocolVersion: `${input.protocolId}@${input.version}` }, audit: { action: 'protocol.pin', resourceType: 'region', resourceId: regionId, detail: input }, feed: [] };
  });
}

/** A published protocol by `id@version`. */
export async function protocolByVersion(repos: Repositories, protocolVersion: string): Promise<Protocol> {
  const hit = cache.get(protocolVersion);
  if (hit) return hit;
  const at = protocolVersion.lastIndexOf('@');
  const row = await repos.protocols.get(protocolVersion.slice(0, at), protocolVersion.slice(at + 1));
  if (!row) throw notFound('Protocol', protocolVersion);
  const protocol = row.document as Protocol;
  cache.set(protocolVersion, protocol);
  return protocol;
}

/** The protocol a region triages new calls with. */
export async function pinnedProtocol(repos: Repositories, regionId: string): Promise<Protocol> {
  const pin = await repos.protocols.pinOf(regionId);
  if (!pin) {
    throw new DomainError('validation_failed', `Region ${regionId} has no triage protocol pinned; an administrator pins one`, {}, [
      { field: 'regionId', rule: 'no_protocol_pinned', message: 'no triage protocol is pinned for this region' },
    ]);
  }
  return protocolByVersion(repos, `${pin.protocolId}@${pin.version}`);
}
