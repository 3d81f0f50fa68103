import { agenciesInReach, can, type Principal, type SharingAgreement } from '@continuum/domain';
import type { PositionsPushMessage, PushedFix } from '@continuum/contracts';

/** A fix just stored, with the agency of its unit: who may hear of it depends on that (ADR 0038). */
export interface StoredFix extends PushedFix {
  agencyId: string;
}

/** What the position routes and the feed socket tell of the fixes they stored. */
export interface PositionPublisher {
  publish(fixes: readonly StoredFix[]): void;
}

/** A console that may be pushed fixes: its principal, and a way to send it text already encoded. */
export interface PositionListener {
  principal: Principal;
  sendText(text: string): void;
}

/**
 * The agencies whose units' positions a console may read: those of GET /api/units and of a
 * unit's invalidation (`incident.read`, within reach under the agreements in force). Empty
 * for a role that may not list units: it hears no fix at all.
 */
export function positionReach(principal: Principal, agreements: readonly SharingAgreement[], now: Date): ReadonlySet<string> {
  if (!can(principal, 'feed.subscribe') || !can(principal, 'incident.read')) return new Set();
  return new Set(agenciesInReach(principal, agreements, now));
}

/**
 * Sends each listener the fixes of the agencies in its reach, and nothing when none is: one
 * message per listener, encoded once for all listeners that hear the same agencies (a room of
 * dispatchers of one centre costs one JSON.stringify, not one per board).
 */
export function fanOutFixes<L extends PositionListener>(listeners: Iterable<L>, fixes: readonly StoredFix[], reachOf: (l: L) => ReadonlySet<string>): number {
  if (fixes.length === 0) return 0;
  const byAgency = new Map<string, PushedFix[]>();
  for (const { agencyId, ...fix } of fixes) {
    const list = byAgency.get(agencyId);
    if (list) list.push(fix);
    else byAgency.set(agencyId, [fix]);
  }
  const agencies = [...byAgency.keys()].sort();
  const encoded = new Map<string, string>();
  let sent = 0;
  for (const l of listeners) {
    const reach = reachOf(l);
    if (reach.size === 0) continue;
    const heard = agencies.filter((a) => reach.has(a));
    if (heard.length === 0) continue;
    const key = heard.join('\n');
    let text = encoded.get(key);
    if (text === undefined) {
      const message: PositionsPushMessage = { type: 'positions.update', items: heard.flatMap((a) => byAgency.get(a)!) };
      text = JSON.stringify(message);
      encoded.set(key, text);
    }
    l.sendText(text);
    sent++;
  }
  return sent;
}

/** Under PostgreSQL's NOTIFY payload limit (8,000 bytes), with room for the origin. */
const MAX_PAYLOAD = 7_500;

type Row = [string, string, number, number, string, number | null, number | null, number | null];

/**
 * Fixes as NOTIFY payloads for the other server processes on the same database: compact rows,
 * each payload under the limit, prefixed with this process's origin so it skips its own.
 */
export function encodeRelay(origin: string, fixes: readonly StoredFix[]): string[] {
  const payloads: string[] = [];
  let rows: string[] = [];
  let size = 0;
  for (const f of fixes) {
    const row: Row = [f.unitId, f.agencyId, f.lat, f.lon, f.at, f.accuracy, f.heading, f.speed];
    const text = JSON.stringify(row);
    if (rows.length > 0 && size + text.length + origin.length + 4 > MAX_PAYLOAD) {
      payloads.push(`${origin} [${rows.join(',')}]`);
      rows = [];
      size = 0;
    }
    rows.push(text);
    size += text.length + 1;
  }
  if (rows.length > 0) payloads.push(`${origin} [${rows.join(',')}]`);
  return payloads;
}

/** A payload of another process, read back; null for this process's own or an unreadable one. */
export function decodeRelay(origin: string, payload: string): StoredFix[] | null {
  const space = payload.indexOf(' ');
  if (space < 0 || payload.slice(0, space) === origin) return null;
  try {
    const rows = JSON.parse(payload.slice(space + 1)) as Row[];
    if (!Array.isArray(rows)) return null;
    return rows.map(([unitId, agencyId, lat, lon, at, accuracy, heading, speed]) => ({ unitId, agencyId, lat, lon, at, accuracy, heading, speed }));
  } catch {
    return null;
  }
}
