import type { CallHandlingVendor, Principal } from '@continuum/domain';
import type { Services } from '../services/context.ts';
import { transitionIncident } from '../services/incident/incidents.ts';

/** Which demo calls a fresh demo shows waiting on the dispatch board, triaged from a vendor code. */
export const DEMO_QUEUED: readonly { index: number; vendor: CallHandlingVendor; code: string }[] = [
  // The man shouting at people who are not there: moderate, a mobile crisis team within the region's maximum.
  { index: 0, vendor: 'mpds', code: '25-A-1' },
  // The son locked in his room, off medication: urgent.
  { index: 2, vendor: 'total_response', code: 'BH-3' },
];

/**
 * Puts a few demo calls in the dispatch queue, as a call-taker would (a vendor code, then
 * "dispatch-ready"), so that the board has work to show on first start.
 */
export async function queueDemoCalls(services: Services, created: readonly { id: string; principal: Principal }[]): Promise<void> {
  for (const q of DEMO_QUEUED) {
    const call = created[q.index];
    if (!call) continue;
    const ctx = { principal: call.principal, address: null, idempotencyKey: null, requestHash: '' };
    await transitionIncident(services, ctx, call.id, { action: 'triage_by_vendor_code', vendor: q.vendor, code: q.code });
    await transitionIncident(services, ctx, call.id, { action: 'queue_for_dispatch' });
  }
}
