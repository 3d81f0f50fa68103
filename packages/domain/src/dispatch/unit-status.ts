import { DomainError, invalid } from '../errors.ts';
import type { DecidedEvent } from '../incident/events.ts';

/** The statuses of a response unit (issue #5 §1), in the order a shift usually passes them. */
export const UNIT_STATUSES = [
  'off_duty',
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_destination',
  'out_of_service',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** Whether a string names a unit status (the boundary checks with the contract's enum too). */
export const isUnitStatus = (value: string): value is UnitStatus => (UNIT_STATUSES as readonly string[]).includes(value);

/**
 * The unit state machine as data: each status lists the statuses a unit may move to from it.
 * Any on-duty status may go out of service (breakdown, crew injury) so that a dispatcher is never
 * stuck with a unit the system claims can still come. A unit goes off duty only when it holds no
 * call (available or out of service), so a shift never ends with a call silently dropped. A call
 * that is cleared or cancelled before transport returns the unit to `available` directly.
 */
export const UNIT_TRANSITIONS: Record<UnitStatus, readonly UnitStatus[]> = {
  off_duty: ['available', 'out_of_service'],
  available: ['dispatched', 'out_of_service', 'off_duty'],
  dispatched: ['en_route', 'available', 'out_of_service'],
  en_route: ['on_scene', 'available', 'out_of_service'],
  on_scene: ['transporting', 'available', 'out_of_service'],
  transporting: ['at_destination', 'out_of_service'],
  at_destination: ['available', 'out_of_service'],
  out_of_service: ['available', 'off_duty'],
};

/** Statuses in which a unit's device reports positions and the board shows them. */
export const ON_DUTY_STATUSES: readonly UnitStatus[] = UNIT_STATUSES.filter((s) => s !== 'off_duty');

/** Whether the unit is on shift: only then are its positions accepted and shown. */
export const isOnDuty = (status: UnitStatus): boolean => status !== 'off_duty';

/** A fix: where a unit was, and when its device says it was there. */
export interface UnitFix {
  lat: number;
  lon: number;
  at: Date;
}

/** The current-state projection of a unit's status, folded from its events. */
export interface UnitStatusState {
  id: string;
  agencyId: string;
  status: UnitStatus;
  /** The sequence of the last status event; 0 before the first. */
  version: number;
  statusChangedAt: Date | null;
  /** The last accepted fix; kept off duty, but never shown then. */
  lastPosition: (UnitFix & { accuracy: number | null; heading: number | null; speed: number | null }) | null;
}

/** Events of a unit, named `resource.verb`; each records where the unit was when it happened. */
export type UnitEvent =
  | { type: 'unit.status_changed'; data: { from: UnitStatus; to: UnitStatus; position: { lat: number; lon: number; at: string } | null } }
  // A crew's panic is the unit's, whether or not it holds a call: the board shows it on the unit.
  | { type: 'unit.panic_raised'; data: { incidentId: string | null; position: { lat: number; lon: number; at: string } | null } }
  | { type: 'unit.panic_resolved'; data: { position: null } };

/** A request to change a unit's status, already shape-checked at the boundary. */
export interface UnitStatusCommand {
  status: UnitStatus;
  reason?: string;
  /** Where the crew says it is; absent, the last known fix is recorded instead. */
  position?: UnitFix;
}

/** Decides the status event a command produces, or refuses it with the unit's current status. */
export function decideUnitStatus(unit: UnitStatusState, command: UnitStatusCommand): DecidedEvent<UnitEvent> {
  const allowed = UNIT_TRANSITIONS[unit.status];
  if (!allowed.includes(command.status)) {
    throw new DomainError(
      'illegal_transition',
      `A unit that is ${label(unit.status)} cannot become ${label(command.status)}`,
      { currentStatus: unit.status, requested: command.status, version: unit.version, allowedTo: [...allowed] },
    );
  }
  const reason = command.reason?.trim() ? command.reason.trim() : null;
  // Taking a unit out of service removes capacity from the board: the dispatcher needs to know why.
  if (command.status === 'out_of_service' && !reason) {
    throw invalid([{ field: 'reason', rule: 'required', message: 'say why the unit is going out of service' }]);
  }
  const fix = command.position ?? unit.lastPosition;
  const position = fix ? { lat: fix.lat, lon: fix.lon, at: fix.at.toISOString() } : null;
  return { event: { type: 'unit.status_changed', data: { from: unit.status, to: command.status, position } }, reason };
}

/** Folds one status event into the projection; the store replays events through it to rebuild. */
export function applyUnitEvent(state: UnitStatusState, event: UnitEvent, meta: { sequence: number; occurredAt: Date }): UnitStatusState {
  switch (event.type) {
    case 'unit.status_changed':
      return { ...state, status: event.data.to, version: meta.sequence, statusChangedAt: meta.occurredAt };
    case 'unit.panic_raised':
    case 'unit.panic_resolved':
      return { ...state, version: meta.sequence };
  }
}

const label = (s: UnitStatus): string => s.replaceAll('_', ' ');
