import { ErrorBody, IdempotencyHeaders, RefresherList, TrainingRecordList, TrainingRecordRequest, TrainingRecordView } from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { listTraining, recordTraining, refreshersDue } from '../../services/training/training.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** CIT and training records (issue 12 §6): supervisors and administrators. */
export function trainingRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reader = (req: Parameters<typeof contextOf>[0]) => ({ principal: contextOf(req).principal, address: req.ip });

  r.get('/api/training-records', {
    config: { action: 'training.list' },
    schema: { tags: ['training'], summary: 'CIT and training records of the officers and telecommunicators in reach', response: { 200: TrainingRecordList, ...errors } },
  }, async (req) => listTraining(services, reader(req)));

  r.get('/api/training-records/refreshers', {
    config: { action: 'training.refreshers' },
    schema: { tags: ['training'], summary: 'Who is due a CIT refresher, past due, or has no CIT course', response: { 200: RefresherList, ...errors } },
  }, async (req) => refreshersDue(services, reader(req)));

  r.post('/api/training-records', {
    config: { action: 'training.record' },
    schema: { tags: ['training'], summary: 'Record a course taken (CIT 40-hour, telecommunicator 8-hour, Mental Health First Aid, refresher, youth)', headers: IdempotencyHeaders, body: TrainingRecordRequest, response: { 201: TrainingRecordView, ...errors } },
  }, async (req, reply) => {
    const out = await recordTraining(services, contextOf(req), req.body);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });
}
