import { DomainError, notFound, protocolVersionOf } from '@continuum/domain';
import { accountWrite } from '../access/account-scope.ts';
import type { Services } from '../context.ts';
import { checksumOf, parseProtocolFile, publishIn } from '../triage/protocols.ts';

/**
 * Protocol versions from the command line (issue 16 §1): check a file against the database
 * (`upload`: the lint and whether its version is free), publish it, pin a version for a region.
 * The API's routes do the same for a signed-in administrator (services/triage/protocols.ts).
 */
export async function checkProtocolUpload(services: Services, input: { fileName: string; text: string }) {
  const protocol = parseProtocolFile(input.text, input.fileName);
  const version = protocolVersionOf(protocol);
  const existing = await services.store.read.protocols.get(protocol.id, protocol.version);
  return {
    protocolVersion: version,
    status: protocol.status,
    /** Published already: same content (nothing to do) or different (needs a new version). */
    published: existing ? (existing.checksum === checksumOf(protocol) ? 'same' as const : 'different' as const) : null,
  };
}

export function publishProtocolAsSystem(services: Services, input: { fileName: string; text: string }) {
  const protocol = parseProtocolFile(input.text, input.fileName);
  if (protocol.status !== 'published') {
    throw new DomainError('validation_failed', 'Only a protocol with status "published" can be published', {}, [{ field: 'status', rule: 'published', message: 'set status: published' }]);
  }
  return accountWrite(services, 'system', 'protocol.publish', async (tx, now) => {
    if (await tx.protocols.get(protocol.id, protocol.version)) {
      throw new DomainError('conflict', `${protocolVersionOf(protocol)} is already published; a published version never changes`, {}, [{ field: 'version', rule: 'unique', message: 'use a new version number' }]);
    }
    await publishIn(tx, protocol, checksumOf(protocol), null, now);
    return { status: 201, body: { protocolVersion: protocolVersionOf(protocol) }, audit: { action: 'protocol.publish', resourceType: 'protocol', resourceId: protocolVersionOf(protocol) }, feed: [] };
  });
}

export function pinProtocolAsSystem(services: Services, regionId: string, input: { protocolId: string; version: string }) {
  return accountWrite(services, 'system', 'protocol.pin', async (tx, now) => {
    if (!(await tx.organisations.region(regionId))) {
      throw new DomainError('validation_failed', `region: no region ${regionId}`, {}, [{ field: 'region', rule: 'exists', message: `no region "${regionId}"` }]);
    }
    if (!(await tx.protocols.get(input.protocolId, input.version))) throw notFound('Protocol', `${input.protocolId}@${input.version}`);
    const before = await tx.protocols.pinOf(regionId);
    await tx.protocols.pin({ regionId, protocolId: input.protocolId, version: input.version, pinnedAt: now, pinnedBy: null });
    return {
      status: 200,
      body: { regionId, protocolVersion: `${input.protocolId}@${input.version}`, previous: before ? `${before.protocolId}@${before.version}` : null },
      audit: { action: 'protocol.pin', resourceType: 'region', resourceId: regionId, detail: input },
      feed: [],
    };
  });
}
