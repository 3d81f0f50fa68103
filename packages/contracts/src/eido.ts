import { z } from 'zod';
import { IncidentView } from './incidents.ts';
import { Text } from './text.ts';

/**
 * A NENA EIDO document (NENA-STA-021.1b, JSON). Its shape is the EIDO schema's, checked in the
 * handler against the published schema so that each fault is answered with its JSON path (ADR 0029);
 * here it is any JSON object.
 */
export const EidoDocument = z.looseObject({}).describe('A NENA EIDO document (NENA-STA-021.1b JSON), validated against the EIDO schema');
export type EidoDocument = z.infer<typeof EidoDocument>;

export const EIDO_IMPORT_OUTCOMES = ['created', 'updated', 'unchanged'] as const;

/** What an import did: the incident it created or updated, and the EIDO version now applied. */
export const EidoImportResult = z.object({
  outcome: z.enum(EIDO_IMPORT_OUTCOMES),
  eidoId: z.string(),
  version: z.string(),
  incident: IncidentView,
});
export type EidoImportResult = z.infer<typeof EidoImportResult>;

/** A CAD's webhook for EIDO updates: http or https, no credentials in the URL. */
export const EidoSubscriptionRequest = z
  .object({
    url: Text.trim()
      .max(500)
      .refine((u) => URL.canParse(u) && ['http:', 'https:'].includes(new URL(u).protocol), 'must be an http or https URL')
      .refine((u) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === ''), 'must not hold a user name or password'),
  })
  .strict();
export type EidoSubscriptionRequest = z.infer<typeof EidoSubscriptionRequest>;

export const EidoSubscriptionView = z.object({
  id: z.string(),
  url: z.string(),
  agencyId: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type EidoSubscriptionView = z.infer<typeof EidoSubscriptionView>;

export const EidoSubscriptionList = z.object({ items: z.array(EidoSubscriptionView) });
export type EidoSubscriptionList = z.infer<typeof EidoSubscriptionList>;

export const EidoDeliveryView = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  incidentId: z.string(),
  incidentVersion: z.number().int(),
  eidoId: z.string(),
  attempts: z.number().int(),
  state: z.enum(['waiting', 'delivered', 'failed']),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type EidoDeliveryView = z.infer<typeof EidoDeliveryView>;

/** The administrator's view of the links with 911 CADs: tokens that may exchange EIDO, webhooks, recent deliveries. */
export const CadLinksView = z.object({
  tokens: z.array(z.object({ id: z.string(), name: z.string(), username: z.string(), agencyId: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(), revokedAt: z.string().nullable() })),
  subscriptions: z.array(EidoSubscriptionView.extend({ tokenId: z.string(), delivered: z.number().int(), waiting: z.number().int(), failed: z.number().int() })),
  deliveries: z.array(EidoDeliveryView),
});
export type CadLinksView = z.infer<typeof CadLinksView>;

export const SubscriptionIdParam = z.object({ id: z.string().uuid() }).strict();
