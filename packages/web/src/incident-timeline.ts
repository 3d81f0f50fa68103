import type { IncidentEventListView } from '@continuum/sdk';
import { OUTCOME_LABELS } from './close-form.ts';
import { STAGE_LABELS } from './dispatch-labels.ts';
import { formatRisk } from './format.ts';

/** One line of an incident's timeline: when, what in words, and what it carried that the reader may see. */
export interface TimelineEntry {
  key: string;
  at: string | undefined;
  label: string;
  detail: string;
  /** Hazards, panics and Part 2 entries stand out. */
  tone: 'normal' | 'alert' | 'part2';
}

const LABELS: Record<string, string> = {
  'incident.received': 'Call received',
  'incident.triage_answered': 'Triage question answered',
  'incident.triage_answer_undone': 'Triage answer undone',
  'incident.safety_flag_marked': 'Safety flag marked',
  'incident.crisis_team_unavailability_reported': '988 reported no crisis team in time',
  'incident.triaged': 'Triaged',
  'incident.response_overridden': 'Response changed from the recommendation',
  'incident.transferred_to_988': 'Transferred to 988',
  'incident.escalated_to_911': 'Escalated to 911',
  'incident.routed_to_cares': 'Routed to CARES',
  'incident.queued_for_dispatch': 'Queued for dispatch',
  'incident.dispatched': 'Dispatched',
  'incident.en_route': 'En route',
  'incident.on_scene': 'On scene',
  'incident.transport_started': 'Transport started',
  'incident.closed': 'Closed',
  'incident.cancelled': 'Cancelled',
  'incident.reopened': 'Reopened',
  'incident.unit_assigned': 'Unit assigned',
  'incident.unit_progressed': 'Unit step',
  'incident.unit_released': 'Unit released',
  'incident.unit_checked_in': 'Crew checked in',
  'incident.panic_raised': 'PANIC raised',
  'incident.panic_resolved': 'Panic resolved',
  'incident.hazard_noted': 'Hazard noted',
  'incident.note_added': 'Note',
  'part2.substance_use_recorded': 'Substance use recorded (42 CFR Part 2)',
};

/** An event type in words; one the console does not know yet is written out from its code. */
export const eventLabel = (type: string): string =>
  LABELS[type] ?? type.replace(/^[a-z0-9]+\./, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** What an event carried, in a line: only fields present (the server has already left out what the reader may not read). */
function detailOf(type: string, data: Record<string, unknown>, unitName: (id: string) => string): string {
  const unit = str(data.unitId) ? unitName(data.unitId as string) : undefined;
  switch (type) {
    case 'incident.received':
      return [str(data.entryPoint) && `via ${data.entryPoint as string}`, str(data.summary)].filter(Boolean).join(' · ');
    case 'incident.safety_flag_marked':
      return [str(data.flag), data.as === 'threat' ? 'as a threat' : data.as === 'medical_concern' ? 'as a medical concern' : undefined].filter(Boolean).join(' ');
    case 'incident.crisis_team_unavailability_reported':
      return str(data.reportedBy) ? `reported by ${data.reportedBy as string}` : '';
    case 'incident.triaged':
      return typeof data.level === 'number' ? formatRisk(data.level) : '';
    case 'incident.dispatched':
      return Array.isArray(data.units) ? data.units.map((u) => unitName(String(u))).join(', ') : '';
    case 'incident.unit_assigned':
      return [unit ?? str(data.unitName), str(data.mode)?.replace(/_/g, ' ')].filter(Boolean).join(' · ');
    case 'incident.unit_progressed': {
      const stage = str(data.stage);
      const words = stage ? (STAGE_LABELS as Record<string, string>)[stage] ?? stage.replace(/_/g, ' ') : '';
      return [unit, words, str(data.destination) && `to ${data.destination as string}`].filter(Boolean).join(' · ');
    }
    case 'incident.unit_released':
      return [unit, str(data.kind)?.replace(/_/g, ' '), str(data.reason)].filter(Boolean).join(' · ');
    case 'incident.transport_started':
      return str(data.destination) ? `to ${data.destination as string}` : '';
    case 'incident.closed':
      return str(data.disposition) ? (OUTCOME_LABELS as Record<string, string>)[data.disposition as string] ?? String(data.disposition) : '';
    case 'incident.hazard_noted':
    case 'incident.note_added':
    case 'part2.substance_use_recorded':
      return [unit, str(data.text) ?? str(data.note)].filter(Boolean).join(' · ');
    default:
      return unit ?? '';
  }
}

/** The redacted history as timeline entries, in the order the server gives (by time). */
export function timelineOf(history: IncidentEventListView, unitName: (id: string) => string = (id) => id): TimelineEntry[] {
  return history.items.map((e) => ({
    key: `${e.stream}-${e.sequence}`,
    at: e.occurredAt,
    label: eventLabel(e.type),
    detail: [detailOf(e.type, e.data, unitName), str(e.reason) && `reason: ${e.reason as string}`].filter(Boolean).join(' · '),
    tone: e.stream === 'part2' ? 'part2' : e.type === 'incident.panic_raised' || e.type === 'incident.hazard_noted' ? 'alert' : 'normal',
  }));
}

/** "4 min 05 s", "1 h 12 min", or "—" when the interval has not happened. */
export function formatSeconds(s: number | null): string {
  if (s === null) return '—';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
