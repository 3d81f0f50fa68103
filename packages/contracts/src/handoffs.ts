import { z } from 'zod';
import { HANDOFF_KINDS, HANDOFF_STATES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

/** Limits of the hand-off endpoints, shared with the console. */
export const HANDOFF_LIMITS = { note: LIMITS.reason, reason: LIMITS.reason, list: 100 } as const;

export const HandoffIdParam = z.object({ id: z.uuid() }).strict();

/** POST /api/handoffs: offer a call to another agency. */
export const OfferHandoffRequest = z
  .object({
    incidentId: z.uuid(),
    toAgencyId: Text.trim().min(1).max(LIMITS.shortText),
    kind: z.enum(HANDOFF_KINDS),
    /** What the receiver must know first: required for an emergency escalation (the danger). */
    note: Text.trim().max(HANDOFF_LIMITS.note).optional(),
  })
  .strict();
export type OfferHandoffRequest = z.infer<typeof OfferHandoffRequest>;

export const AcceptHandoffRequest = z.object({}).strict();
export type AcceptHandoffRequest = z.infer<typeof AcceptHandoffRequest>;

export const DeclineHandoffRequest = z.object({ reason: Text.trim().min(1).max(HANDOFF_LIMITS.reason) }).strict();
export type DeclineHandoffRequest = z.infer<typeof DeclineHandoffRequest>;

export const HandoffListQuery = z
  .object({
    /** inbox: offered to my agency; sent: offered by it; all: both. */
    box: z.enum(['inbox', 'sent', 'all']).default('inbox'),
    incidentId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(HANDOFF_LIMITS.list).default(50),
  })
  .strict();
export type HandoffListQuery = z.infer<typeof HandoffListQuery>;

const Party = z.object({ id: z.string(), name: z.string() });
const Person = z.object({ id: z.string(), name: z.string() }).nullable();

/** One hand-off as the sending or receiving agency's staff see it. */
export const HandoffView = z.object({
  id: z.string(),
  incidentId: z.string(),
  kind: z.enum(HANDOFF_KINDS),
  state: z.enum(HANDOFF_STATES),
  version: z.number().int(),
  /** Which side the reader's agency is on. */
  direction: z.enum(['incoming', 'outgoing']),
  from: Party,
  to: Party,
  note: z.string().nullable(),
  offeredAt: z.string(),
  offeredBy: Person,
  decidedAt: z.string().nullable(),
  decidedBy: Person,
  declineReason: z.string().nullable(),
  rolledFromId: z.string().nullable(),
  rolledToId: z.string().nullable(),
  supervisorAlertedAt: z.string().nullable(),
  /** The call at a glance (operational only): its level, and whether it must be dispatched now. */
  call: z.object({ entryPoint: z.string(), riskLevel: z.number().int().nullable(), dispatchNow: z.boolean() }),
  steps: z.array(z.object({ state: z.string(), at: z.string(), by: Person })),
});
export type HandoffView = z.infer<typeof HandoffView>;

export const HandoffList = z.object({ items: z.array(HandoffView), open: z.number().int() });
export type HandoffList = z.infer<typeof HandoffList>;

/** The agencies of the reader's region that take hand-offs, and which kinds each takes. */
export const HandoffDestinations = z.object({
  items: z.array(z.object({ agencyId: z.string(), name: z.string(), agencyKind: z.string(), takes: z.array(z.enum(HANDOFF_KINDS)) })),
});
export type HandoffDestinations = z.infer<typeof HandoffDestinations>;
