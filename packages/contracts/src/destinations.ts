import { z } from 'zod';
import { DESTINATION_EXCLUSION_CODES, DESTINATION_ORDER } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

const flag = (fallback: boolean) => z.enum(['true', 'false']).default(fallback ? 'true' : 'false').transform((v) => v === 'true');

/**
 * GET /api/incidents/{id}/destinations: the crew's judgement of the situation, as query flags.
 * The defaults are the common case of a person who agrees to go and needs no medical care.
 */
export const DestinationsQuery = z
  .object({
    voluntary: flag(true),
    broughtByPolice: flag(false),
    intoxicated: flag(false),
    medicallyCleared: flag(false),
    insured: flag(false),
    safeToStay: flag(false),
    needsMedicalCare: flag(false),
    /** A place the person chose to go (a relative's home, a church), by name. */
    chosenPlace: Text.trim().min(1).max(LIMITS.shortText).optional(),
  })
  .strict();

export const DestinationsView = z.object({
  incidentId: z.string(),
  ranked: z.array(
    z.object({
      option: z.enum(DESTINATION_ORDER),
      facilityId: z.string().nullable(),
      name: z.string(),
      etaMinutes: z.number().nullable(),
      distanceKm: z.number().nullable(),
      availableNow: z.number().nullable(),
      capacityUnit: z.enum(['beds', 'chairs']).nullable(),
      stale: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
  excluded: z.array(
    z.object({ option: z.enum(DESTINATION_ORDER), facilityId: z.string().nullable(), name: z.string(), code: z.enum(DESTINATION_EXCLUSION_CODES), rule: z.string().nullable(), reason: z.string() }),
  ),
  /** Set when nothing fits: an explicit answer with its reasons, never an empty list alone. */
  noEligibleDestination: z.object({ reason: z.string() }).nullable(),
});
export type DestinationsView = z.infer<typeof DestinationsView>;
