import { onboardingRoutes } from '../routes/onboarding/onboarding.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { FEED_LIMITS, LIMITS } from '@continuum/contracts';
import { DEFAULT_DISPATCH_TIMERS, DEFAULT_POSITION_LIMITS } from '@continuum/domain';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { FeedHub } from '../realtime/hub.ts';
import { accountRoutes } from '../routes/access/accounts.ts';
import { auditRoutes } from '../routes/access/audit.ts';
import { dispatchRoutes } from '../routes/dispatch/dispatch.ts';
import { facilityRoutes } from '../routes/destinations/facilities.ts';
import { eidoRoutes } from '../routes/eido/eido.ts';
import { feedRoutes } from '../routes/feed.ts';
import { followupRoutes } from '../routes/followup/followup.ts';
import { geoRoutes } from '../routes/geo.ts';
import { HttpGeocoder } from '../routing/geocoder.ts';
import { handoffRoutes } from '../routes/handoff/handoffs.ts';
import { transcriptRoutes } from '../routes/incident/transcript.ts';
import { incidentRoutes } from '../routes/incident/incidents.ts';
import { intakeRoutes } from '../routes/incident/intake.ts';
import { oidcRoutes } from '../routes/access/oidc.ts';
import { peopleRoutes } from '../routes/people/people.ts';
import { consentRoutes } from '../routes/access/consents.ts';
import { privacyRoutes } from '../routes/access/privacy.ts';
import { reportRoutes } from '../routes/reports/reports.ts';
import { planningRoutes } from '../routes/planning/planning.ts';
import { sessionRoutes } from '../routes/access/session.ts';
import { systemRoutes, type SystemInfo } from '../routes/system.ts';
import { unitRoutes } from '../routes/dispatch/units.ts';
import { unitCatalogueRoutes } from '../routes/dispatch/unit-catalogue.ts';
import { trainingRoutes } from '../routes/training/training.ts';
import { organisationRoutes } from '../routes/admin/organisation.ts';
import { adminUnitRoutes } from '../routes/admin/units.ts';
import { districtRoutes } from '../routes/admin/districts.ts';
import type { Services } from '../services/context.ts';
import { travelEstimatorFor } from '../routing/osrm.ts';
import { registerAuthHook } from './auth-hook.ts';
import { registerJsonBodyParser } from './body-parser.ts';
import { clientErrorHandler } from './client-errors.ts';
import { answerRefusal, registerErrorHandler } from './error-handler.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerWriteHeaders } from './write-headers.ts';

/** Builds the HTTP application: plugins, hooks and routes, wired to injected services. */
export async function buildApp(deps: { services: Services; config: Config; hub: FeedHub; info: SystemInfo }): Promise<FastifyInstance> {
  const { services, config, hub, info } = deps;
  const app: FastifyInstance = Fastify({
    clientErrorHandler,
    // Malformed URLs and over-long path parameters answer in the one error shape too.
    frameworkErrors: (err, req, reply) => {
      void answerRefusal(services, err, req, reply as FastifyReply);
    },
    // Past any path parameter's own limit, so that an over-long id is refused by its schema,
    // naming the parameter, rather than by the router (which could only say "too long").
    routerOptions: { maxParamLength: 2048 },
    // Query strings can carry identity (a person search, ?q=): request logs keep the path only.
    loggerInstance: services.logger.child({}, { serializers: { req: pathOnly } }) as FastifyBaseLogger,
    bodyLimit: LIMITS.maxBodyBytes,
    // Request ids in logs and error bodies tie a user's report to the server's log line.
    genReqId: () => services.newId(),
    // X-Forwarded-For is believed only from the configured proxies (none by default): otherwise any
    // client could choose the address the sign-in throttle and the audit trail see.
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
  });
  registerJsonBodyParser(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: FEED_LIMITS.maxMessageBytes } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Continuum API', version: info.version, description: 'Behavioural-health crisis response coordination (Illinois CESSA).' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'continuum_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerSecurityHeaders(app, { secure: config.secureCookies, mapOrigin: config.mapStyle ? new URL(config.mapStyle).origin : null });
  registerErrorHandler(app, services);
  registerAuthHook(app, services);
  registerWriteHeaders(app);

  systemRoutes(app, services, { ...info, oidc: config.oidc ? { label: config.oidc.label } : null, mapStyle: config.mapStyle ?? null });
  sessionRoutes(app, services, config);
  accountRoutes(app, services);
  oidcRoutes(app, services, config);
  incidentRoutes(app, services);
  eidoRoutes(app, services);
  const unitSettings = { staleAfterSeconds: config.positionStaleSeconds, limits: { ...DEFAULT_POSITION_LIMITS, maxSpeedKmh: config.positionMaxSpeedKmh } };
  unitRoutes(app, services, unitSettings);
  dispatchRoutes(app, services, {
    ...unitSettings,
    timers: { ...DEFAULT_DISPATCH_TIMERS, acknowledgeWithinSeconds: config.acknowledgeWithinSeconds, checkInEveryMinutes: config.checkInEveryMinutes, regionalMaxMinutes: config.regionalMaxMinutes },
    facilityStaleMinutes: config.facilityStaleMinutes,
    arrivalHoldMinutes: config.arrivalHoldMinutes,
    travel: travelEstimatorFor({ osrmUrl: config.osrmUrl, onError: (error) => services.logger.warn({ err: error.message }, 'OSRM unavailable: using the great-circle estimate') }),
  });
  unitCatalogueRoutes(app, services);
  trainingRoutes(app, services);
  organisationRoutes(app, services);
  adminUnitRoutes(app, services);
  districtRoutes(app, services);
  facilityRoutes(app, services, { staleAfterMinutes: config.facilityStaleMinutes, arrivalHoldMinutes: config.arrivalHoldMinutes });
  intakeRoutes(app, services);
  privacyRoutes(app, services);
  consentRoutes(app, services);
  peopleRoutes(app, services);
  reportRoutes(app, services);
  planningRoutes(app, services);
  auditRoutes(app, services);
  followupRoutes(app, services);
  await onboardingRoutes(app, services);
  geoRoutes(app, services, config.geocoderUrl ? new HttpGeocoder({ url: config.geocoderUrl }) : null);
  handoffRoutes(app, services);
  transcriptRoutes(app, services);
  feedRoutes(app, hub, services, unitSettings);
  await serveConsole(app, config.webDist);
  return app;
}

const pathOnly = (req: { method: string; url: string; host?: string; ip?: string }) => ({ method: req.method, url: req.url.split('?')[0], host: req.host, remoteAddress: req.ip });

/** Serves the built console; every non-API path falls back to its index for client-side routes. */
async function serveConsole(app: FastifyInstance, webDist: string | undefined): Promise<void> {
  const root = resolve(webDist ?? 'packages/web/dist');
  if (!existsSync(`${root}/index.html`)) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('The console is not built. Run `npm start` (it builds it) or `npm run build:web`.'),
    );
    return;
  }
  await app.register(fastifyStatic, { root, wildcard: false });
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    // A missing API path or map glyph range is a 404, never the console's page: MapLibre would
    // read the HTML as a glyph file.
    if (req.url.startsWith('/api/') || req.url.startsWith('/glyphs/')) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}
