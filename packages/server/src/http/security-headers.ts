import type { FastifyInstance } from 'fastify';

/** Conservative headers on every answer: nothing is framed, sniffed, cached or leaked by referrer. */
export function registerSecurityHeaders(app: FastifyInstance, opts: { secure: boolean; mapOrigin?: string | null }): void {
  // The configured basemap's server (CONTINUUM_MAP_STYLE) is the one other origin the console
  // may fetch from: its style, tiles, sprites and PMTiles ranges.
  const map = opts.mapOrigin ? ` ${opts.mapOrigin}` : '';
  const csp = `default-src 'self'; img-src 'self' data: blob:${map}; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'${map}; frame-ancestors 'none'`;
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('permissions-policy', 'geolocation=(self), camera=(), microphone=()');
    if (opts.secure) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (req.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
    } else if (!req.url.startsWith('/api/docs')) {
      reply.header('content-security-policy', csp);
    }
  });
}
