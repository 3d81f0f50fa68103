/**
 * Table types for Kysely, grouped by capability under ./schema/; the migrations under ../migrations
 * are their source of truth.
 */
import type { OrganisationTables } from './schema/organisation.ts';
import type { AccountTables } from './schema/accounts.ts';
import type { IncidentTables } from './schema/incidents.ts';
import type { UnitTables } from './schema/units.ts';
import type { FacilityTables } from './schema/facilities.ts';
import type { HandoffTables } from './schema/handoffs.ts';
import type { FollowupTables } from './schema/followup.ts';

export type { StreamEventsTable } from './schema/columns.ts';
export type { OrganisationTables, AccountTables, IncidentTables, UnitTables, FacilityTables, HandoffTables, FollowupTables };

export interface Tables extends OrganisationTables, AccountTables, IncidentTables, UnitTables, FacilityTables, HandoffTables, FollowupTables {}
