import type { IncidentAction } from '@continuum/domain';
import type { IncidentView, TriageView } from '@continuum/sdk';

/** The hand-off actions of the intake screen: what each does and its single-key shortcut. */
export const HAND_OFFS = [
  { action: 'queue_for_dispatch', key: 'd', label: 'Mark dispatch-ready' },
  { action: 'transfer_to_988', key: 't', label: 'Transfer to 988' },
  { action: 'escalate_to_911', key: 'e', label: 'Escalate to 911' },
  { action: 'route_to_cares', key: 'c', label: 'Route to CARES' },
  { action: 'close', key: 'r', label: 'Close call', help: 'Close the call with a disposition (resolved by phone, referred…): a form, then a confirmation' },
  { action: 'override_response', key: 'o', label: 'Override response' },
  { action: 'mark_safety_flag', key: 'f', label: 'Mark a safety flag', help: 'Mark a safety flag the caller gave as a threat or a medical concern: it then counts as a risk factor' },
  { action: 'report_crisis_team_unavailable', key: 'u', label: '988: no team in time', help: 'Record 988’s report that no crisis team can arrive within the regional maximum (CESSA §30)' },
  { action: 'cancel', key: 'x', label: 'Cancel call' },
] as const satisfies readonly { action: IncidentAction; key: string; label: string; /** Longer words for the shortcut help. */ help?: string }[];
export type HandOff = (typeof HAND_OFFS)[number];
export type HandOffAction = HandOff['action'];

/** Whether the person meets the CARES line's criteria: under 21 and on Medicaid, or a DCFS ward. */
export function caresEligible(incident: IncidentView | undefined): boolean {
  const age = incident?.personAge;
  return age !== undefined && age < 21 && Boolean(incident?.medicaid || incident?.dcfsWard);
}

/** The safety flags that may still be marked, each with the kinds it is not marked as yet. */
export function unmarkedFlags(incident: IncidentView | undefined): { flag: string; kinds: ('threat' | 'medical_concern')[] }[] {
  const marked = incident?.markedFlags ?? [];
  return (incident?.safetyFlags ?? [])
    .map((flag) => ({ flag, kinds: (['threat', 'medical_concern'] as const).filter((k) => !marked.some((m) => m.flag === flag && m.as === k)) }))
    .filter((f) => f.kinds.length > 0);
}

/**
 * The hand-offs to offer: the server's allowedActions (status and permission), narrowed by the
 * rules it would refuse anyway, so a call-taker under pressure is never offered a dead end.
 */
export function availableHandOffs(triage: TriageView, incident: IncidentView | undefined): HandOff[] {
  const entry = incident?.entryPoint;
  const determined = triage.status === 'determined';
  return HAND_OFFS.filter(({ action }) => {
    if (!triage.allowedActions.includes(action)) return false;
    switch (action) {
      case 'queue_for_dispatch':
        // Phone support sends no one; sending someone anyway is an override, recorded with its reason.
        return determined && (triage.override?.to ?? triage.recommendedPlan.responseType) !== 'phone_988';
      case 'transfer_to_988':
        // Level 1 goes from 911 to 988; a higher level only after an override to phone support.
        return entry !== '988' && determined && (triage.level === 1 || triage.override?.to === 'phone_988');
      case 'escalate_to_911':
        return entry !== undefined && entry !== '911';
      case 'route_to_cares':
        // CARES needs the level: routing an untriaged call would show a level nobody determined.
        return determined && caresEligible(incident);
      case 'close':
        // Resolved on the phone: only once the level is known, so the call is counted with it.
        return determined;
      case 'override_response':
        return determined;
      case 'mark_safety_flag':
        // Before the determination, and only while a flag is left unmarked as both.
        return !determined && unmarkedFlags(incident).length > 0;
      case 'report_crisis_team_unavailable':
        // Once recorded, the report stands for the call: it is not taken twice.
        return !incident?.crisisTeamUnavailability;
      case 'cancel':
        return true;
    }
  });
}

/**
 * What the call-taker may still do once the call has gone elsewhere (988, 911, CARES): close it
 * with how it ended, when the server offers that (the incident's own allowedActions, read after
 * the hand-off), so a 911 transfer the counsellor resolved does not stay open.
 */
export function afterHandOff(incident: IncidentView | undefined): HandOff[] {
  return HAND_OFFS.filter((h) => h.action === 'close' && incident?.allowedActions.includes('close'));
}

/**
 * The hand-off to put focus on once the level is determined: emergent calls go to dispatch (or
 * to 911 when they came in elsewhere), level 1 calls from 911 to 988, the rest to dispatch.
 */
export function primaryHandOff(triage: TriageView, offered: readonly HandOff[], entryPoint: string | undefined): HandOffAction | null {
  if (triage.status !== 'determined') return null;
  const has = (action: HandOffAction) => offered.some((o) => o.action === action);
  if (triage.emergent && entryPoint !== '911' && has('escalate_to_911')) return 'escalate_to_911';
  if (!triage.emergent && has('transfer_to_988')) return 'transfer_to_988';
  // A 988 counsellor's phone-support call ends on the phone: closing it is the next step.
  if (!triage.emergent && entryPoint === '988' && (triage.override?.to ?? triage.recommendedPlan.responseType) === 'phone_988' && has('close')) return 'close';
  if (has('queue_for_dispatch')) return 'queue_for_dispatch';
  return offered[0]?.action ?? null;
}
