import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json } from './columns.ts';

/** Regions, agencies, their districts, protocols pinned and sharing agreements. */
export interface OrganisationTables {
  schema_migrations: { version: number; name: string; checksum: string; applied_at: Generated<Date> };
  regions: {
    id: string;
    kind: string;
    name: string;
    parent_id: string | null;
    created_at: Generated<Date>;
    time_zone: Generated<string>;
    max_response_minutes: ColumnType<Record<string, unknown>, string | undefined, string>;
    followup_provider_id: string | null;
    backup_988_centre_id: string | null;
    version: Generated<number>;
    updated_at: Timestamp | null;
  };
  agencies: {
    id: string;
    region_id: string;
    kind: string;
    name: string;
    county_fips: string | null;
    lat: number | null;
    lon: number | null;
    created_at: Generated<Date>;
    contact: ColumnType<Record<string, unknown>, string | undefined, string>;
    version: Generated<number>;
    updated_at: Timestamp | null;
  };
  districts: {
    id: string;
    region_id: string;
    agency_id: string | null;
    kind: string;
    name: string;
    setting: string | null;
    geometry: Json<Record<string, unknown>>;
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  protocol_versions: {
    protocol_id: string;
    version: string;
    title: string;
    document: Json<unknown>;
    checksum: string;
    published_at: Timestamp;
    published_by: string | null;
  };
  region_protocols: {
    region_id: string;
    protocol_id: string;
    version: string;
    pinned_at: Timestamp;
    pinned_by: string | null;
  };
  sharing_agreements: {
    id: string;
    name: string;
    agency_ids: Json<string[]>;
    purposes: Json<string[]>;
    field_classes: Json<string[]>;
    starts_at: Timestamp;
    ends_at: Timestamp | null;
    ended_at: Timestamp | null;
    ended_reason: string | null;
    created_at: Timestamp;
    created_by: string | null;
  };
}
