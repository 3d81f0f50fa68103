import { z } from 'zod';
import { UNIT_STATUSES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

/** Limits of the unit endpoints, shared with the field view and the board. */
export const UNIT_LIMITS = {
  /** Fixes per batch request: a device that was offline for 5 min at one fix every 5 s sends 60. */
  maxPositionsPerBatch: 500,
  unitId: 100,
} as const;

/** Unit ids are readable slugs (`champaign-mcrt-1`), not UUIDs: dispatchers say them on the radio. */
export const UnitId = Text.min(1).max(UNIT_LIMITS.unitId).regex(/^[\w.:-]+$/);
export const UnitIdParam = z.object({ id: UnitId }).strict();

const Timestamp = z.iso.datetime({ offset: true });

/**
 * A fix as a field device reports it. Coordinates are only typed here, not ranged: the domain's
 * `acceptPosition` is the one rule of what is possible, so that the single and the batch form
 * refuse the same fixes with the same field and rule (a 400 for one, a per-item result in a batch).
 */
export const PositionReport = z
  .object({
    lat: z.number(),
    lon: z.number(),
    /** When the device took the fix (not when it was sent): ordering and duplicates key on it. */
    at: Timestamp,
    accuracy: z.number().optional(),
    heading: z.number().optional(),
    speed: z.number().optional(),
  })
  .strict();
export type PositionReport = z.infer<typeof PositionReport>;

/** POST /api/positions: fixes of one or more units, e.g. a device replaying what it queued offline. */
export const PositionBatch = z.array(PositionReport.extend({ unitId: UnitId }).strict()).min(1).max(UNIT_LIMITS.maxPositionsPerBatch);
export type PositionBatch = z.infer<typeof PositionBatch>;

/** What became of one fix: `stored`, or ignored or rejected with a stable reason. */
export const PositionResult = z.object({
  unitId: z.string(),
  at: z.string(),
  outcome: z.enum(['stored', 'ignored', 'rejected']),
  reason: z.string().optional(),
  field: z.string().optional(),
  rule: z.string().optional(),
  message: z.string().optional(),
});
export type PositionResult = z.infer<typeof PositionResult>;

export const PositionBatchResult = z.object({ items: z.array(PositionResult) });
export type PositionBatchResult = z.infer<typeof PositionBatchResult>;

/** POST /api/units/{id}/status: move a unit along its status machine. */
export const UnitStatusRequest = z
  .object({
    status: z.enum(UNIT_STATUSES),
    reason: Text.trim().max(LIMITS.reason).optional(),
    /** Where the crew is as it changes status; recorded on the event. */
    position: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), at: Timestamp }).strict().optional(),
    /** The version the crew saw: a stale one is refused (409) instead of overwriting a newer change. */
    expectedVersion: z.number().int().min(0).optional(),
  })
  .strict();
export type UnitStatusRequest = z.infer<typeof UnitStatusRequest>;

/** A unit's last fix as shown: with its age, and whether it is too old to trust. */
export const UnitPositionView = z.object({
  lat: z.number(),
  lon: z.number(),
  at: z.string(),
  accuracy: z.number().nullable(),
  heading: z.number().nullable(),
  speed: z.number().nullable(),
  ageSeconds: z.number().int(),
  stale: z.boolean(),
});
export type UnitPositionView = z.infer<typeof UnitPositionView>;

export const UnitView = z.object({
  id: z.string(),
  agencyId: z.string(),
  name: z.string(),
  model: z.string(),
  status: z.enum(UNIT_STATUSES),
  version: z.number().int(),
  statusChangedAt: z.string().nullable(),
  /** Absent off duty (where a crew is off shift is nobody's business) and before the first fix. */
  position: UnitPositionView.optional(),
  /** The statuses this reader may move the unit to now: the console shows only these buttons. */
  allowedStatuses: z.array(z.enum(UNIT_STATUSES)),
  /** The incident the unit is answering, if any. */
  currentIncidentId: z.string().nullable(),
  /** When the crew pressed panic, while it is open: the board flashes the unit. */
  panicAt: z.string().nullable(),
});
export type UnitView = z.infer<typeof UnitView>;

export const UnitList = z.object({
  items: z.array(UnitView),
  /** Positions older than this show as stale (server configuration). */
  staleAfterSeconds: z.number().int(),
});
export type UnitList = z.infer<typeof UnitList>;
