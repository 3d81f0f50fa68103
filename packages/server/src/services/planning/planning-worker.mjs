// The planning worker's entry (planning-job.ts): a worker thread starts without the parent's
// TypeScript loader when the parent is not itself under tsx (tests), so it registers tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./planning-job.ts');
