import { ROLE_LABELS } from '@continuum/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../services/context.ts';

export interface SystemInfo {
  version: string;
  database: 'pglite' | 'postgres';
  demo: { username: string; role: string; displayName: string }[] | null;
  region: { id: string; name: string } | null;
  /** Set when an identity provider is configured: the sign-in page offers it. */
  oidc?: { label: string } | null;
  /** CONTINUUM_MAP_STYLE: the basemap's style or PMTiles URL; null: the console's offline map. */
  mapStyle?: string | null;
}

const Meta = z.object({
  name: z.string(),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
  demo: z.boolean(),
  demoSignIns: z.array(z.object({ username: z.string(), role: z.string(), roleLabel: z.string(), displayName: z.string() })),
  region: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Whether the sign-in page should offer "Sign in with <label>" (GET /api/auth/oidc/login). */
  oidc: z.object({ enabled: z.boolean(), label: z.string().nullable() }),
  /** The basemap (CONTINUUM_MAP_STYLE): a MapLibre style URL or a .pmtiles file's; null: county outlines and town labels served here. */
  mapStyle: z.string().nullable(),
});

/** Health for load balancers and metadata for the sign-in page (accounts: routes/accounts.ts). */
export function systemRoutes(app: FastifyInstance, services: Services, info: SystemInfo): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  r.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await withTimeout(services.store.database.ping(), 1500);
      return { status: 'ready', database: info.database };
    } catch {
      return reply.status(503).header('retry-after', '2').send({ status: 'unavailable', database: info.database });
    }
  });

  r.get('/api/meta', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'What this server is; demo sign-ins on a demo', response: { 200: Meta } },
  }, async () => ({
    name: 'Continuum',
    version: info.version,
    database: info.database,
    demo: info.demo !== null,
    demoSignIns: (info.demo ?? []).map((d) => ({ ...d, roleLabel: ROLE_LABELS[d.role as keyof typeof ROLE_LABELS] ?? d.role })),
    region: info.region,
    oidc: { enabled: Boolean(info.oidc), label: info.oidc?.label ?? null },
    mapStyle: info.mapStyle ?? null,
  }));
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
