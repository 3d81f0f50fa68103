import { DomainError, invalid } from '../errors.ts';
import { isDisposition } from './disposition.ts';
import type { DecidedEvent, IncidentEvent } from './events.ts';
import { TRANSITIONS, type IncidentAction } from './transitions.ts';
import type { IncidentState, RiskLevel } from './types.ts';

/** A request to move an incident along, already shape-checked at the boundary. */
export type IncidentCommand =
  | { action: 'triage'; level: RiskLevel; protocolVersion: string; factors: string[]; reason?: string }
  | { action: 'transfer_to_988'; reason?: string }
  | { action: 'queue_for_dispatch'; reason?: string }
  | { action: 'dispatch'; units: string[]; reason?: string }
  | { action: 'mark_en_route'; reason?: string }
  | { action: 'mark_on_scene'; reason?: string }
  | { action: 'start_transport'; destination?: string; reason?: string }
  | { action: 'close'; disposition: string; reason?: string }
  | { action: 'cancel'; reason: string }
  | { action: 'reopen'; reason: string };

const needsReason: ReadonlySet<IncidentAction> = new Set(['cancel', 'reopen']);

/** Decides the events a command produces, or refuses it with the incident's current state. */
export function decideIncidentCommand(state: IncidentState, command: IncidentCommand): DecidedEvent[] {
  const rule = TRANSITIONS[command.action];
  if (!rule.from.includes(state.status)) {
    throw new DomainError(
      'illegal_transition',
      `Cannot ${command.action.replaceAll('_', ' ')} an incident that is ${state.status.replaceAll('_', ' ')}`,
      { currentStatus: state.status, action: command.action, version: state.version, allowedFrom: rule.from },
    );
  }
  const reason = command.reason?.trim() ? command.reason.trim() : null;
  if (needsReason.has(command.action) && !reason) {
    throw invalid([{ field: 'reason', rule: 'required', message: `a reason is required to ${command.action}` }]);
  }
  return [{ event: eventFor(command), reason }];
}

function eventFor(command: IncidentCommand): IncidentEvent {
  switch (command.action) {
    case 'triage':
      if (command.protocolVersion.trim() === '') {
        throw invalid([{ field: 'protocolVersion', rule: 'required', message: 'the protocol version is required' }]);
      }
      return {
        type: 'incident.triaged',
        data: { level: command.level, protocolVersion: command.protocolVersion, factors: [...command.factors] },
      };
    case 'transfer_to_988':
      return { type: 'incident.transferred_to_988', data: {} };
    case 'queue_for_dispatch':
      return { type: 'incident.queued_for_dispatch', data: {} };
    case 'dispatch':
      if (command.units.length === 0) {
        throw invalid([{ field: 'units', rule: 'min_items', message: 'at least one unit must be dispatched' }]);
      }
      return { type: 'incident.dispatched', data: { units: [...command.units] } };
    case 'mark_en_route':
      return { type: 'incident.en_route', data: {} };
    case 'mark_on_scene':
      return { type: 'incident.on_scene', data: {} };
    case 'start_transport':
      return { type: 'incident.transport_started', data: { destination: command.destination ?? null } };
    case 'close':
      if (!isDisposition(command.disposition)) {
        throw invalid([{ field: 'disposition', rule: 'enum', message: `unknown disposition "${command.disposition}"` }]);
      }
      return { type: 'incident.closed', data: { disposition: command.disposition } };
    case 'cancel':
      return { type: 'incident.cancelled', data: {} };
    case 'reopen':
      return { type: 'incident.reopened', data: {} };
  }
}
