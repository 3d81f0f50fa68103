import type { Generated } from 'kysely';
import type { Timestamp, Json } from './columns.ts';

/** Follow-up episodes and the people records they and incidents link to. */
export interface FollowupTables {
  followup_episodes: {
    id: string;
    incident_id: string;
    agency_id: string;
    region_id: string;
    programme: string;
    status: string;
    version: number;
    person_ref: string | null;
    assigned_to: string | null;
    opened_at: Timestamp;
    first_contact_due_at: Timestamp;
    first_contact_at: Timestamp | null;
    minimum_until: Timestamp;
    window_ends_at: Timestamp;
    next_task_due_at: Timestamp | null;
    attempts: Json<unknown[]>;
    tasks: Json<unknown[]>;
    referrals: Json<unknown[]>;
    closure: Json<unknown> | null;
    updated_at: Timestamp;
    closed_at: Timestamp | null;
    simulated: Generated<boolean>;
  };
  followup_events: {
    episode_id: string;
    sequence: number;
    type: string;
    occurred_at: Timestamp;
    actor_id: string;
    reason: string | null;
    data: Json<unknown>;
    simulated: Generated<boolean>;
  };
  people: {
    id: string;
    agency_id: string;
    given_name: string;
    family_name: string;
    preferred_name: string | null;
    date_of_birth: string | null;
    phones: Json<string[]>;
    phone_keys: Json<string[]>;
    name_initials: string;
    demographics: Json<{ gender: string | null; race: string | null; ethnicity: string | null }>;
    safety_plan: Json<unknown> | null;
    version: number;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  person_link_events: {
    id: string;
    sequence: Generated<number>;
    incident_id: string;
    person_id: string;
    type: string;
    basis: string | null;
    score: number | null;
    band: string | null;
    reason: string | null;
    actor_id: string;
    agency_id: string;
    occurred_at: Timestamp;
  };
  person_links: { incident_id: string; person_id: string; event_id: string; linked_at: Timestamp };
}
