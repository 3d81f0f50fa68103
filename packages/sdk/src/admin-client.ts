import { z } from 'zod';
import {
  AccountView,
  HsdsImportResult,
  ProtocolList,
  TokenCreated,
  TokenList,
  UnlockResult,
  UserCreated,
  UserList,
  type CreateTokenRequest,
  type CreateUserRequest,
  type EndMembershipRequest,
  type MembershipRequest,
} from '@continuum/contracts';
import { newIdempotencyKey } from './idempotency.ts';
import type { Transport } from './transport.ts';

export type CreateUserInput = z.input<typeof CreateUserRequest>;
export type MembershipInput = z.input<typeof MembershipRequest>;
export type EndMembershipInput = z.input<typeof EndMembershipRequest>;
export type CreateTokenInput = z.input<typeof CreateTokenRequest>;

interface Opts {
  signal?: AbortSignal;
}
interface WriteOpts {
  idempotencyKey?: string;
}

/** Administration: accounts and memberships, the caller's API tokens, protocol versions (issue 16). */
export interface AdminClient {
  /** Accounts of the agencies the administrator manages, searched by a part of a username or name. */
  listUsers(query?: { q?: string } & Opts): Promise<z.infer<typeof UserList>>;
  createUser(body: CreateUserInput, options?: WriteOpts): Promise<z.infer<typeof UserCreated>>;
  /** Disables an account: its sessions end and its live screens close at once. */
  disableUser(id: string, body: { reason: string }, options?: WriteOpts): Promise<AccountView>;
  enableUser(id: string, options?: WriteOpts): Promise<AccountView>;
  /** Clears the sign-in delays of an account from every address. */
  unlockUser(id: string, options?: WriteOpts): Promise<z.infer<typeof UnlockResult>>;
  /** Sets a new password; the account's sessions end. */
  resetPassword(id: string, body: { password: string }, options?: WriteOpts): Promise<AccountView>;
  addMembership(id: string, body: MembershipInput, options?: WriteOpts): Promise<AccountView>;
  endMembership(id: string, body: EndMembershipInput, options?: WriteOpts): Promise<AccountView>;
  /** The caller's own API tokens, never their secrets. */
  listTokens(options?: Opts): Promise<z.infer<typeof TokenList>>;
  /** Creates an API token; its secret is in this one answer only. */
  createToken(body: CreateTokenInput, options?: WriteOpts): Promise<z.infer<typeof TokenCreated>>;
  revokeToken(id: string, options?: WriteOpts): Promise<void>;
  /** Published protocol versions and the regions that pin each. */
  listProtocols(options?: Opts): Promise<z.infer<typeof ProtocolList>>;
  /** Publishes a protocol version from a file's text; refused (422) with every problem listed. */
  publishProtocol(body: { fileName: string; text: string }, options?: WriteOpts): Promise<{ protocolVersion: string }>;
  /** Pins the version a region triages new calls with. */
  pinProtocol(regionId: string, body: { protocolId: string; version: string }, options?: WriteOpts): Promise<{ regionId: string; protocolVersion: string }>;
  /** Upserts facilities from an HSDS 3.0 document; `dryRun` only reports what would change. */
  importFacilitiesHsds(document: unknown, query: { dryRun: boolean }, options?: WriteOpts): Promise<HsdsImportResult>;
  /** Where to download the region's facilities as HSDS 3.0 JSON. */
  facilitiesHsdsUrl(): string;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

const enc = encodeURIComponent;
const Published = z.object({ protocolVersion: z.string() });
const Pinned = z.object({ regionId: z.string(), protocolVersion: z.string() });

/** The administration calls over the client's transport, CSRF and idempotency handled as for every write. */
export function adminMethods(http: Transport, write: Write, using: Parse): AdminClient {
  const send = <S extends z.ZodType>(method: 'POST' | 'PUT', path: string, body: unknown, schema: S, opts: WriteOpts = {}) => {
    const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
    return write(() => http.request({ method, path, body, idempotencyKey, parse: using(schema) }));
  };
  const user = (id: string) => `/api/users/${enc(id)}`;
  return {
    listUsers: ({ q, signal } = {}) =>
      http.request({ method: 'GET', path: '/api/users', query: { q: q || undefined }, parse: using(UserList), ...(signal ? { signal } : {}) }),
    createUser: (body, opts) => send('POST', '/api/users', body, UserCreated, opts),
    disableUser: (id, body, opts) => send('POST', `${user(id)}/disable`, body, AccountView, opts),
    enableUser: (id, opts) => send('POST', `${user(id)}/enable`, {}, AccountView, opts),
    unlockUser: (id, opts) => send('POST', `${user(id)}/unlock`, {}, UnlockResult, opts),
    resetPassword: (id, body, opts) => send('POST', `${user(id)}/password`, body, AccountView, opts),
    addMembership: (id, body, opts) => send('POST', `${user(id)}/memberships`, body, AccountView, opts),
    endMembership: (id, body, opts) => send('POST', `${user(id)}/memberships/end`, body, AccountView, opts),
    listTokens: (opts = {}) => http.request({ method: 'GET', path: '/api/tokens', parse: using(TokenList), ...opts }),
    createToken: (body, opts) => send('POST', '/api/tokens', body, TokenCreated, opts),
    async revokeToken(id, opts = {}) {
      const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
      await write(() => http.request({ method: 'DELETE', path: `/api/tokens/${enc(id)}`, idempotencyKey }));
    },
    listProtocols: (opts = {}) => http.request({ method: 'GET', path: '/api/protocols', parse: using(ProtocolList), ...opts }),
    publishProtocol: (body, opts) => send('POST', '/api/protocols', body, Published, opts),
    pinProtocol: (regionId, body, opts) => send('PUT', `/api/regions/${enc(regionId)}/protocol`, body, Pinned, opts),
    importFacilitiesHsds(document, { dryRun }, opts = {}) {
      const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
      return write(() => http.request({ method: 'POST', path: '/api/facilities/import.hsds', query: { dryRun: String(dryRun) }, body: document, idempotencyKey, parse: using(HsdsImportResult) }));
    },
    facilitiesHsdsUrl: () => http.url('/api/facilities/export.hsds'),
  };
}
