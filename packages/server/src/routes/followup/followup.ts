import {
  AttemptRequest,
  CaseloadView,
  AssignEpisodeRequest,
  CloseEpisodeRequest,
  EpisodeIdParam,
  EpisodeReferralParam,
  EpisodeTaskParam,
  EpisodeView,
  ErrorBody,
  FhirBundle,
  IdempotencyHeaders,
  OpenEpisodeRequest,
  ReferralRequest,
  ReferralStatusRequest,
  TaskRequest,
} from '@continuum/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { exportReferral, readCaseload, readEpisode } from '../../services/followup/followup.ts';
import { assignEpisodeTo, closeEpisodeWith, finishTask, openEpisodeManually, recordAttempt, recordReferral, recordTask, updateReferral } from '../../services/followup/followup-writes.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const tags = ['follow-up'];
const send = (reply: FastifyReply, out: { status: number; body: unknown; replayed: boolean }) =>
  reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);

/** Follow-up episodes: the caseload, one episode, its attempts, tasks, referrals, closure and FHIR export. */
export function followupRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/followup/caseload', {
    config: { action: 'followup.caseload' },
    schema: { tags, summary: 'Your open episodes and your agency’s, overdue first', response: { 200: CaseloadView, ...errors } },
  }, async (req) => readCaseload(services, contextOf(req)));

  r.post('/api/followup/episodes', {
    config: { action: 'followup.open' },
    schema: { tags, summary: 'Open an episode by hand from a closed incident, assigned to you', headers: IdempotencyHeaders, body: OpenEpisodeRequest, response: { 201: EpisodeView, ...errors } },
  }, async (req, reply) => send(reply, await openEpisodeManually(services, contextOf(req), req.body)));

  r.get('/api/followup/episodes/:id', {
    config: { action: 'followup.read' },
    schema: { tags, summary: 'One episode, as your role may see it (the read is audited)', params: EpisodeIdParam, response: { 200: EpisodeView, ...errors } },
  }, async (req) => readEpisode(services, contextOf(req), req.params.id));

  r.post('/api/followup/episodes/:id/attempts', {
    config: { action: 'followup.attempt' },
    schema: { tags, summary: 'Log a contact attempt; unanswered ones stop at the programme’s limit', headers: IdempotencyHeaders, params: EpisodeIdParam, body: AttemptRequest, response: { 200: EpisodeView, ...errors } },
  }, async (req, reply) => send(reply, await recordAttempt(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/followup/episodes/:id/tasks', {
    config: { action: 'followup.task' },
    schema: { tags, summary: 'Add a task with a due date (a reminder once it comes due)', headers: IdempotencyHeaders, params: EpisodeIdParam, body: TaskRequest, response: { 200: EpisodeView, ...errors } },
  }, async (req, reply) => send(reply, await recordTask(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/followup/episodes/:id/tasks/:taskId/complete', {
    config: { action: 'followup.task_complete' },
    schema: { tags, summary: 'Mark a task done', headers: IdempotencyHeaders, params: EpisodeTaskParam, response: { 200: EpisodeView, ...errors } },
  }, async (req, reply) => send(reply, await finishTask(services, contextOf(req), req.params.id, req.params.taskId)));

  r.post('/api/followup/episodes/:id/referrals', {
    config: { action: 'followup.referral' },
    schema: { tags, summary: 'Refer the person to a provider or facility (a warm hand-off)', headers: IdempotencyHeaders, params: EpisodeIdParam, body: ReferralRequest, response: { 200: EpisodeView, ...errors } },
  }, async (req, reply) => send(reply, await recordReferral(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/followup/episodes/:id/referrals/:referralId/status', {
    config: { action: 'followup.referral_status' },
    schema: { tags, summary: 'Move a referral: requested → accepted → first appointment kept → completed, or declined/cancelled', headers: IdempotencyHeaders, params: EpisodeReferralParam, body: ReferralStatusRequest, response: { 200: EpisodeView, ...errors } },
  }, async (req, reply) => send(reply, await updateReferral(services, contextOf(req), req.params.id, req.params.referralId, req.body)));

  r.post('/api/followup/episodes/:id/assign', {
    config: { action: 'followup.assign' },
    schema: { tags, summary: 'Take the episode into your caseload, or hand it back to the agency’s', headers: IdempotencyHeaders, params: EpisodeIdParam, body: AssignEpisodeRequest, response: { 200: EpisodeView, ...errors } },
  }, async (req, reply) => send(reply, await assignEpisodeTo(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/followup/episodes/:id/close', {
    config: { action: 'followup.close' },
    schema: { tags, summary: 'Close an episode with a reason (connected to care, no longer needs support, declined, lost contact)', headers: IdempotencyHeaders, params: EpisodeIdParam, body: CloseEpisodeRequest, response: { 200: EpisodeView, ...errors } },
  }, async (req, reply) => send(reply, await closeEpisodeWith(services, contextOf(req), req.params.id, req.body)));

  r.get('/api/followup/episodes/:id/referrals/:referralId/fhir', {
    config: { action: 'followup.referral_export' },
    schema: { tags, summary: 'A referral as a FHIR R4 Bundle: ServiceRequest + Task (the export is audited)', params: EpisodeReferralParam, response: { 200: FhirBundle, ...errors } },
  }, async (req, reply) => reply.type('application/fhir+json').send(await exportReferral(services, contextOf(req), req.params.id, req.params.referralId)));
}
