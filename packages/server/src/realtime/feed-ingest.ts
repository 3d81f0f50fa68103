import type { IncomingPosition } from '@continuum/domain';
import type { LiveUnit, ResolvedCredential, Store } from '@continuum/storage';
import type { CredentialLookup } from '../auth/authenticate.ts';
import type { PositionIo } from '../services/dispatch/positions.ts';
import { coalesce, type CoalesceOptions } from './coalesce.ts';

/**
 * The reads and writes of the feed sockets' messages, shared by every socket of one server so
 * that concurrent messages share statements (docs/adr/0015). Hundreds of devices each sending a
 * fix a message would otherwise cost three statements a fix: authenticate, read the unit, write
 * the fix. Each message is still authenticated, read and judged on its own, by the same code as
 * before; only the round trips are shared.
 */
export interface FeedIngest {
  credentials: CredentialLookup;
  positions: PositionIo;
}

// A batch's statement stays small (7 parameters a fix), and two may be in flight so that
// PostgreSQL's pool is used while one is on its way back.
export const FEED_INGEST_OPTIONS: CoalesceOptions = { maxBatch: 256, maxInFlight: 2 };

type Fix = IncomingPosition & { unitId: string };
const keyOf = (f: Fix) => `${f.unitId}|${f.at.toISOString()}`;

export function feedIngest(store: Store, options: CoalesceOptions = FEED_INGEST_OPTIONS): FeedIngest {
  const repo = store.read.credentials;
  const lookup = (many: (keys: string[]) => Promise<Map<string, ResolvedCredential>>) => {
    const load = coalesce(async (keys: string[]) => {
      const found = await many(keys);
      return keys.map((k) => found.get(k) ?? null);
    }, options);
    return async (key: string) => (await load([key]))[0] ?? null;
  };
  const units = coalesce(async (ids: string[]) => {
    const found = new Map((await store.read.unitStatus.getMany([...new Set(ids)])).map((u) => [u.id, u]));
    return ids.map((id) => found.get(id) ?? null);
  }, options);
  const write = coalesce(async (fixes: Fix[]) => {
    const stored = await store.read.unitStatus.recordFixes(fixes);
    // Two devices may send the same fix at once: one statement stores it once, so only the first
    // sender hears `stored`; the other hears `duplicate`, as it would have from its own statement.
    const claimed = new Set<string>();
    return fixes.map((f) => {
      const k = keyOf(f);
      if (!stored.has(k) || claimed.has(k)) return false;
      claimed.add(k);
      return true;
    });
  }, options);
  return {
    credentials: { token: lookup((k) => repo.tokens(k)), session: lookup((k) => repo.sessions(k)) },
    positions: {
      units: async (ids) => (await units(ids)).filter((u): u is LiveUnit => u !== null),
      write: async (fixes) => {
        const flags = await write(fixes);
        return new Set(fixes.filter((_, i) => flags[i]).map(keyOf));
      },
    },
  };
}
