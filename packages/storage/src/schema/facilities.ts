import type { Timestamp, Json } from './columns.ts';

/** Facilities, their reported capacity and announced arrivals. */
export interface FacilityTables {
  facilities: {
    id: string;
    agency_id: string;
    kind: string;
    name: string;
    lat: number;
    lon: number;
    address: string;
    phone: string | null;
    hours: Json<unknown>;
    services: Json<string[]>;
    criteria: Json<unknown>;
    capacity_unit: string;
    total: number | null;
    available: number;
    reported_at: Timestamp | null;
    reported_by: string | null;
    version: number;
  };
  facility_capacity_reports: {
    facility_id: string;
    sequence: number;
    available: number;
    total: number | null;
    reported_at: Timestamp;
    reported_by: string;
    source: string;
  };
  facility_arrivals: {
    id: string;
    facility_id: string;
    incident_id: string | null;
    unit_id: string | null;
    announced_at: Timestamp;
    announced_by: string;
    expected_at: Timestamp | null;
    status: string;
    confirmed_at: Timestamp | null;
    confirmed_by: string | null;
  };
}
