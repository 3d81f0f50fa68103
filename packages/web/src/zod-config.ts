import { z } from 'zod';

// zod compiles object parsers with `new Function` when a probe says it may; the server's CSP
// forbids eval, and the probe logs a CSP violation on every load. The probe runs when a schema
// is defined, so this module must be imported before anything that defines one.
z.config({ jitless: true });
