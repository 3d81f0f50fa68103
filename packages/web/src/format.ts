import type { IncidentView } from '@continuum/sdk';
import { formatWhen } from './datetime.ts';
import type { ContactChannel, EntryPoint, FieldClass, IncidentStatus } from '@continuum/domain';

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  received: 'Received',
  triaged: 'Triaged',
  transferred_to_988: 'Transferred to 988',
  escalated_to_911: 'Escalated to 911',
  routed_to_cares: 'Routed to CARES',
  awaiting_dispatch: 'Awaiting dispatch',
  dispatched: 'Dispatched',
  en_route: 'En route',
  on_scene: 'On scene',
  transporting: 'Transporting',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const ENTRY_POINT_LABELS: Record<EntryPoint, string> = {
  '911': '911',
  '988': '988',
  direct: 'Direct line',
  cares: 'CARES line',
};

export const CHANNEL_LABELS: Record<ContactChannel, string> = { call: 'Call', text: 'Text', chat: 'Chat' };

// Illinois IRLM: 1 is the lowest risk, 4 emergent (DOMAIN.md §5).
const RISK_WORDS: Record<number, string> = { 1: 'Low', 2: 'Moderate', 3: 'Urgent', 4: 'Emergent' };

/** "Level 3 · Urgent", or "Not triaged". */
export function formatRisk(level: number | null): string {
  if (level === null) return 'Not triaged';
  return `Level ${level}${RISK_WORDS[level] ? ` · ${RISK_WORDS[level]}` : ''}`;
}

const FIELD_CLASS_LABELS: Record<FieldClass, string> = {
  operational: 'operational',
  location_safety: 'location',
  identity: 'identity',
  demographics: 'demographics',
  clinical: 'clinical',
  substance_use_part2: 'Part 2',
};

/**
 * What to show instead of a field the reader's role may not see: "hidden: clinical", never
 * a blank that could be read as "nothing was recorded".
 */
export function describeHidden(view: IncidentView, expected: FieldClass): string {
  if (view.redacted.includes(expected)) return `hidden: ${FIELD_CLASS_LABELS[expected]}`;
  if (view.redacted.length > 0) return `hidden: ${view.redacted.map((c) => FIELD_CLASS_LABELS[c]).join(', ')}`;
  return 'not recorded';
}

/**
 * The place as a call-taker or dispatcher should read it: an unknown one said plainly, an
 * approximate one marked; null when the reader may not see it (the caller shows what is hidden).
 */
export function describeWhere(incident: IncidentView): string | null {
  const l = incident.location;
  if (!l) return incident.redacted.includes('location_safety') ? null : 'Caller’s location unknown';
  if (l.accuracy === 'unknown' || (!l.address && l.lat === undefined)) return 'Caller’s location unknown';
  return l.accuracy === 'approximate' ? `${l.address} (approximate)` : l.address;
}

/** Clock time for today, date and time otherwise (the region's calendar: datetime.ts). */
export function formatReceived(iso: string, now: Date): string {
  return formatWhen(iso, now);
}

/** "just now", "12 min ago", "3 h ago", "2 d ago". */
export function formatAge(iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return `${Math.floor(minutes / 1440)} d ago`;
}
