import { z } from 'zod';
import { INCIDENT_ACTIONS, OVERRIDE_REASONS, POLICE_JUSTIFICATIONS, RESPONSE_TYPES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

/** One answer of the guided interview. */
export const TriageAnswerRequest = z
  .object({
    questionId: Text.trim().min(1).max(LIMITS.shortText),
    /** One answer; `unknown` names the question's "the caller does not know" answer (issue 12 §1). */
    answerKey: Text.trim().min(1).max(LIMITS.shortText).optional(),
    /** Several answers, where the question takes several (a medical emergency and a suicide attempt). */
    answerKeys: z.array(Text.trim().min(1).max(LIMITS.shortText)).min(1).max(12).optional(),
  })
  .strict()
  .refine((b) => (b.answerKey === undefined) !== (b.answerKeys === undefined), { message: 'give answerKey or answerKeys, not both', path: ['answerKey'] });
export type TriageAnswerRequest = z.infer<typeof TriageAnswerRequest>;

/**
 * Takes back the last answer before the determination (issue 12 §7). It names the question whose
 * answer it takes back, so a console that has not seen a newer answer cannot undo that one.
 */
export const TriageUndoRequest = z
  .object({
    questionId: Text.trim().min(1).max(LIMITS.shortText),
    reason: Text.trim().max(LIMITS.reason).optional(),
  })
  .strict();
export type TriageUndoRequest = z.infer<typeof TriageUndoRequest>;

const Factor = z.object({ id: z.string(), wording: z.string() });

/**
 * The call-taker's view of the interview: the level and why, the next question, what to read
 * out, and the recommended response with its reasons. Recomputed from the recorded answers.
 */
export const TriageView = z.object({
  incidentId: z.string(),
  incidentVersion: z.number().int(),
  incidentStatus: z.string(),
  status: z.enum(['in_progress', 'determined']),
  protocolVersion: z.string(),
  level: z.number().int(),
  levelName: z.string(),
  emergent: z.boolean(),
  decidingFactors: z.array(Factor),
  factorsChosen: z.array(Factor.extend({ counted: z.boolean(), notCountedReason: z.string().nullable() })),
  nextQuestion: z
    .object({
      id: z.string(),
      text: z.string(),
      help: z.string(),
      /** The question takes several answers where facts co-exist. */
      multiple: z.boolean(),
      answers: z.array(z.object({ key: z.string(), label: z.string(), emergent: z.boolean(), unknown: z.boolean() })),
    })
    .nullable(),
  /** True when an unknown answer could have raised the level: it may rise once known (issue 12 §1). */
  provisional: z.boolean(),
  /** Each question the caller could not answer, and why it matters. */
  unknowns: z.array(z.object({ questionId: z.string(), couldReach: z.number().int(), reason: z.string() })),
  guidance: z.array(z.object({ factorId: z.string(), wording: z.string(), safety: z.array(z.string()), preArrival: z.array(z.string()) })),
  recommendedPlan: z.object({
    level: z.number().int(),
    source: z.enum(['statewide', 'regional']),
    responseType: z.enum(RESPONSE_TYPES),
    responders: z.array(z.string()),
    maxResponseMinutes: z.record(z.string(), z.number()).nullable(),
    policeRecommended: z.boolean(),
    justifications: z.array(z.object({ code: z.enum(POLICE_JUSTIFICATIONS), factorIds: z.array(z.string()), reportRef: z.string().nullable() })),
    reasons: z.array(z.string()),
    note: z.string().nullable(),
  }),
  answers: z.array(z.object({ questionId: z.string(), questionText: z.string(), answerKey: z.string(), answerKeys: z.array(z.string()), answerLabel: z.string(), unknown: z.boolean() })),
  override: z
    .object({ from: z.string(), to: z.string(), reasonCode: z.string(), justification: z.string().nullable(), note: z.string().nullable() })
    .nullable(),
  allowedActions: z.array(z.enum(INCIDENT_ACTIONS)),
});
export type TriageView = z.infer<typeof TriageView>;

export const ProtocolSummary = z.object({
  protocolId: z.string(),
  version: z.string(),
  title: z.string(),
  checksum: z.string(),
  publishedAt: z.string(),
  pinnedBy: z.array(z.string()),
});
export const ProtocolList = z.object({ items: z.array(ProtocolSummary) });

export const PublishProtocolRequest = z
  .object({
    /** The protocol file's text, YAML or JSON, and its name for error messages. */
    fileName: Text.trim().min(1).max(LIMITS.shortText),
    text: Text.min(1).max(LIMITS.maxBodyBytes - 1024),
  })
  .strict();

export const PinProtocolRequest = z
  .object({ protocolId: Text.trim().min(1).max(LIMITS.shortText), version: Text.trim().min(1).max(LIMITS.shortText) })
  .strict();

export const OverrideReason = z.enum(OVERRIDE_REASONS);
export const PoliceJustification = z.enum(POLICE_JUSTIFICATIONS);
