import { PassThrough } from 'node:stream';
import { ErrorBody, PlanningRun, PlanningRunQuery, PlanningScenario, type PlanningStreamLine } from '@continuum/contracts';
import { toCsv, type SimResult } from '@continuum/sim';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/request.ts';
import { toProblem } from '../../http/problems.ts';
import type { Services } from '../../services/context.ts';
import { planningScenario, preparePlanning } from '../../services/planning/planning.ts';

/** Planning (issue 13 §3-4): the region's scenario, and runs of it with the planner's changes. */
export function planningRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/planning/scenario', {
    config: { action: 'planning.scenario' },
    schema: { tags: ['planning'], summary: "Your region's planning scenario: its teams, facilities, the places a team may be based and the RAC's maxima", response: { 200: PlanningScenario, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (req) => planningScenario(services, { principal: contextOf(req).principal, address: req.ip }));

  r.get('/api/planning/run', {
    config: { action: 'planning.run' },
    schema: {
      tags: ['planning'],
      summary: "Simulate your region on its own plans for up to 365 days, and beside it the scenario with the changes given (same seed). A stream of NDJSON lines (progress, then the result); with format=json or csv an attachment",
      querystring: PlanningRunQuery,
      response: { 200: PlanningRun.or(z.unknown().describe('application/x-ndjson lines (PlanningStreamLine), or text/csv as an attachment')), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody },
    },
  }, async (req, reply) => {
    const ctx = { principal: contextOf(req).principal, address: req.ip };
    const { format, ...query } = req.query;
    const start = await preparePlanning(services, ctx, query);
    const closed = new AbortController();
    reply.raw.on('close', () => closed.abort());
    if (format) {
      const run = await start(() => {}, closed.signal);
      const name = `planning-${run.regionId}-${run.days}d-seed${run.seed}`;
      if (format === 'csv') {
        const csv = [`# baseline\n${toCsv(run.baseline as SimResult)}`, ...(run.changed ? [`# with changes: ${run.changes.join('; ')}\n${toCsv(run.changed as SimResult)}`] : [])].join('');
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(csv);
      }
      return reply.header('content-disposition', `attachment; filename="${name}.json"`).send(run);
    }
    // The request is checked and audited: from here on the answer is a stream of lines.
    const stream = new PassThrough();
    const line = (l: PlanningStreamLine) => stream.write(`${JSON.stringify(l)}\n`);
    start(line, closed.signal).then(
      (run) => {
        line({ type: 'result', run });
        stream.end();
      },
      (err: unknown) => {
        line({ type: 'error', error: toProblem(err, req.id).body.error });
        stream.end();
      },
    );
    return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store')
      // A proxy (deploy/nginx.conf) passes each progress line on as it comes instead of holding the answer.
      .header('x-accel-buffering', 'no')
      .send(stream);
  });
}
