import type { Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

export interface PublishedProtocol {
  protocolId: string;
  version: string;
  title: string;
  document: unknown;
  checksum: string;
  publishedAt: Date;
  publishedBy: string | null;
}

export interface RegionPin {
  regionId: string;
  protocolId: string;
  version: string;
  pinnedAt: Date;
  pinnedBy: string | null;
}

/** Published triage protocols (immutable: the database refuses changes) and each region's pin. */
export class ProtocolRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async publish(p: Omit<PublishedProtocol, 'publishedAt'> & { publishedAt: Date }): Promise<void> {
    await this.db
      .insertInto('protocol_versions')
      .values({
        protocol_id: p.protocolId,
        version: p.version,
        title: p.title,
        document: JSON.stringify(p.document),
        checksum: p.checksum,
        published_at: p.publishedAt,
        published_by: p.publishedBy,
      })
      .execute();
  }

  async get(protocolId: string, version: string): Promise<PublishedProtocol | null> {
    const r = await this.db
      .selectFrom('protocol_versions')
      .selectAll()
      .where('protocol_id', '=', protocolId)
      .where('version', '=', version)
      .executeTakeFirst();
    return r ? toPublished(r) : null;
  }

  /** Every published version, without the documents (they can be large). */
  async list(): Promise<Omit<PublishedProtocol, 'document'>[]> {
    const rows = await this.db
      .selectFrom('protocol_versions')
      .select(['protocol_id', 'version', 'title', 'checksum', 'published_at', 'published_by'])
      .orderBy('protocol_id')
      .orderBy('published_at', 'desc')
      .execute();
    return rows.map((r) => ({ protocolId: r.protocol_id, version: r.version, title: r.title, checksum: r.checksum, publishedAt: r.published_at, publishedBy: r.published_by }));
  }

  async pin(pin: RegionPin): Promise<void> {
    const values = { protocol_id: pin.protocolId, version: pin.version, pinned_at: pin.pinnedAt, pinned_by: pin.pinnedBy };
    await this.db.insertInto('region_protocols').values({ region_id: pin.regionId, ...values }).onConflict((oc) => oc.column('region_id').doUpdateSet(values)).execute();
  }

  async pinOf(regionId: string): Promise<RegionPin | null> {
    const r = await this.db.selectFrom('region_protocols').selectAll().where('region_id', '=', regionId).executeTakeFirst();
    return r ? { regionId: r.region_id, protocolId: r.protocol_id, version: r.version, pinnedAt: r.pinned_at, pinnedBy: r.pinned_by } : null;
  }
}

function toPublished(r: {
  protocol_id: string; version: string; title: string; document: unknown; checksum: string; published_at: Date; published_by: string | null;
}): PublishedProtocol {
  return { protocolId: r.protocol_id, version: r.version, title: r.title, document: r.document, checksum: r.checksum, publishedAt: r.published_at, publishedBy: r.published_by };
}
