import {
  ErrorBody,
  IdempotencyHeaders,
  PositionBatch,
  PositionBatchResult,
  PositionReport,
  PositionResult,
  UnitIdParam,
  UnitList,
  UnitStatusRequest,
  UnitView,
} from '@continuum/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/request.ts';
import type { Services } from '../../services/context.ts';
import { recordPosition, recordPositions } from '../../services/dispatch/positions.ts';
import { changeUnitStatus, listUnits, type UnitSettings } from '../../services/dispatch/units.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Units: the board's list, status changes, and position reports from field devices. */
export function unitRoutes(app: FastifyInstance, services: Services, settings: UnitSettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/units', {
    config: { action: 'unit.list' },
    schema: { tags: ['units'], summary: 'Units within your reach: status, last position (none off duty), staleness', response: { 200: UnitList, ...errors } },
  }, async (req) => listUnits(services, { principal: contextOf(req).principal }, settings));

  r.post('/api/units/:id/status', {
    config: { action: 'unit.status' },
    schema: { tags: ['units'], summary: 'Change a unit’s status (your own unit, or any in reach as a dispatcher)', headers: IdempotencyHeaders, params: UnitIdParam, body: UnitStatusRequest, response: { 200: UnitView, ...errors } },
  }, async (req, reply) => {
    const out = await changeUnitStatus(services, contextOf(req), req.params.id, req.body, settings);
    return reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);
  });

  r.post('/api/units/:id/positions', {
    config: { action: 'unit.position' },
    schema: { tags: ['units'], summary: 'Report one fix: 201 stored, 202 ignored (duplicate, out of order)', headers: IdempotencyHeaders, params: UnitIdParam, body: PositionReport, response: { 201: PositionResult, 202: PositionResult, ...errors } },
  }, async (req, reply) => {
    const out = await recordPosition(services, contextOf(req), req.params.id, req.body, settings);
    return reply.status(out.status).send(out.body);
  });

  r.post('/api/positions', {
    config: { action: 'unit.positions' },
    schema: { tags: ['units'], summary: 'Report fixes of one or more units; each gets its own outcome', headers: IdempotencyHeaders, body: PositionBatch, response: { 200: PositionBatchResult, ...errors } },
  }, async (req) => recordPositions(services, contextOf(req), req.body, settings));
}
