import type { Generated } from 'kysely';
import type { Timestamp, Json } from './columns.ts';

/** Accounts, sessions, tokens and the grants that widen what an account may read. */
export interface AccountTables {
  users: {
    id: string;
    username: string;
    display_name: string;
    password_hash: string;
    disabled: Generated<boolean>;
    failed_attempts: Generated<number>;
    locked_until: Timestamp | null;
    created_at: Generated<Date>;
    /** The demo's public password (migration 0017); null: set before that, not yet checked. */
    password_is_demo: boolean | null;
  };
  demo_marker: { only_row: Generated<boolean>; region_id: string; marked_at: Timestamp };
  memberships: { user_id: string; agency_id: string; role: string; created_at: Generated<Date>; ended_at: Timestamp | null; ended_by: string | null };
  sign_in_throttle: { username: string; address: string; failures: number; last_failure_at: Timestamp; blocked_until: Timestamp | null; last_success_at: Timestamp | null };
  admin_grants: { id: string; user_id: string; region_id: string; reason: string; granted_at: Timestamp; granted_by: string | null; revoked_at: Timestamp | null };
  sessions: {
    id_hash: string;
    user_id: string;
    agency_id: string;
    role: string;
    csrf_token: string;
    created_at: Timestamp;
    expires_at: Timestamp;
    revoked_at: Timestamp | null;
    address: string | null;
  };
  api_tokens: {
    id: string;
    token_hash: string;
    user_id: string;
    agency_id: string;
    role: string;
    name: string;
    scopes: Json<string[] | null> | null;
    created_at: Timestamp;
    expires_at: Timestamp | null;
    revoked_at: Timestamp | null;
  };
  break_glass_grants: {
    id: string;
    user_id: string;
    record_type: string;
    record_id: string;
    reason: string;
    granted_at: Timestamp;
    expires_at: Timestamp;
  };
  external_identities: {
    issuer: string;
    subject: string;
    user_id: string;
    created_at: Timestamp;
    created_by: string | null;
  };
  oidc_logins: {
    id_hash: string;
    state: string;
    nonce: string;
    code_verifier: string;
    agency_id: string | null;
    created_at: Timestamp;
    expires_at: Timestamp;
  };
}
