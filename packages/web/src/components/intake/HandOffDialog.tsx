import type { IncidentStatus, ResponseType } from '@continuum/domain';
import type { IncidentView, TransitionInput } from '@continuum/sdk';
import { blankDraft, phoneOutcomes } from '../../close-form.ts';
import type { HandOffAction } from '../../intake-actions.ts';
import { CloseDialog } from '../close/CloseDialog.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import { OverrideDialog } from './OverrideDialog.tsx';
import { SafetyFlagDialog } from './SafetyFlagDialog.tsx';
import { UnavailabilityDialog } from './UnavailabilityDialog.tsx';

interface HandOffDialogProps {
  action: Exclude<HandOffAction, 'queue_for_dispatch'>;
  recommended: ResponseType;
  /** Where the call stands: closing one already with 988, 911 or CARES ends it there too. */
  status: IncidentStatus | undefined;
  send: (body: TransitionInput) => Promise<void>;
  onClose: () => void;
  /** Whether the reader may let a §30 ground stand without its fact (a supervisor). */
  maySupervise?: boolean;
  /** The call, for the safety flags it recorded. */
  incident?: IncidentView | undefined;
}

/** Where a handed-off call now is, in words for the warning before closing it. */
const ELSEWHERE: Partial<Record<IncidentStatus, string>> = {
  transferred_to_988: 'with 988',
  escalated_to_911: 'with 911',
  routed_to_cares: 'with the CARES line',
};

/** The confirmation each hand-off needs before it is sent: words, and a reason where one is due. */
export function HandOffDialog({ action, recommended, status, send, onClose, maySupervise = false, incident }: HandOffDialogProps) {
  switch (action) {
    case 'override_response':
      return <OverrideDialog recommended={recommended} maySupervise={maySupervise} onConfirm={send} onClose={onClose} />;
    case 'mark_safety_flag':
      return <SafetyFlagDialog incident={incident} onConfirm={send} onClose={onClose} />;
    case 'report_crisis_team_unavailable':
      return <UnavailabilityDialog onConfirm={send} onClose={onClose} />;
    case 'transfer_to_988':
      return (
        <ActionDialog
          testId="transfer-dialog"
          title="Transfer this call to 988?"
          body={<p>988 takes the call with everything recorded so far. This is not a warm transfer: you do not stay on the line.</p>}
          confirmLabel="Transfer to 988"
          onConfirm={() => send({ action: 'transfer_to_988' })}
          onClose={onClose}
        />
      );
    case 'escalate_to_911':
      return (
        <ActionDialog
          testId="escalate-dialog"
          title="Escalate this call to 911?"
          body={<p>For imminent danger: 911 takes the call for a police or EMS response, with everything recorded so far.</p>}
          reason={{ label: 'What is the danger?', hint: 'For example: has a weapon and is threatening a family member' }}
          confirmLabel="Escalate to 911"
          danger
          onConfirm={(reason) => send({ action: 'escalate_to_911', reason: reason ?? '' })}
          onClose={onClose}
        />
      );
    case 'route_to_cares':
      return (
        <ActionDialog
          testId="cares-dialog"
          title="Route this call to the CARES line?"
          body={<p>For a person under 21 on Medicaid, or a DCFS ward: CARES sends the plan’s provider, who arrives within 2 hours.</p>}
          confirmLabel="Route to CARES"
          onConfirm={() => send({ action: 'route_to_cares' })}
          onClose={onClose}
        />
      );
    case 'close':
      return (
        <CloseDialog
          title="Close this call"
          initial={blankDraft('resolved_by_phone')}
          outcomes={phoneOutcomes}
          byPhone
          knownFacility={null}
          effects=""
          warning={status && ELSEWHERE[status] ? `This call is ${ELSEWHERE[status]}: closing it ends it there too. Close it only when that part is over.` : undefined}
          onSend={(body) => send(body)}
          onClose={onClose}
        />
      );
    case 'cancel':
      return (
        <ActionDialog
          testId="cancel-dialog"
          title="Cancel this call?"
          body={<p>No one will be sent. The call and its answers stay on record with the reason.</p>}
          reason={{ label: 'Why cancel?', hint: 'For example: duplicate of another call, or the caller hung up and the callback failed' }}
          confirmLabel="Cancel the call"
          danger
          onConfirm={(reason) => send({ action: 'cancel', reason: reason ?? '' })}
          onClose={onClose}
        />
      );
  }
}
