import { z } from 'zod';

// GET /api/meta has no schema in @continuum/contracts yet; this one mirrors the server's answer
// and is lenient where the server may grow (extra fields pass, the demo list may be absent).
export const MetaView = z.object({
  name: z.string(),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
  demo: z.boolean(),
  demoSignIns: z
    .array(
      z.object({
        username: z.string(),
        role: z.string(),
        /** How the server words the role; consoles fall back to their own labels. */
        roleLabel: z.string().optional(),
        displayName: z.string(),
      }),
    )
    .optional()
    .default([]),
  region: z.object({ id: z.string(), name: z.string() }).nullable().optional().default(null),
  /** Whether the sign-in page offers "Sign in with <label>" (GET /api/auth/oidc/login); null from older servers. */
  /** The basemap (CONTINUUM_MAP_STYLE): a MapLibre style URL or a .pmtiles file's; null: the offline county map with town labels. */
  mapStyle: z.string().nullable().optional().default(null),
  oidc: z.object({ enabled: z.boolean(), label: z.string().nullable() }).nullable().optional().default(null),
});
export type MetaView = z.infer<typeof MetaView>;
export type DemoSignIn = MetaView['demoSignIns'][number];
