import type { Principal } from '@continuum/domain';
import type { Services } from '../services/context.ts';
import { episodeFeedOf } from '../services/followup/followup-access.ts';
import { openEpisodeFromDisposition } from '../services/followup/followup-open.ts';
import { closeIncident } from '../services/incident/close.ts';
import { createIncident, transitionIncident } from '../services/incident/incidents.ts';
import { DEMO_AGENCY_IDS } from './demo-region.ts';

const HOUR = 3_600_000;

/** Calls that ended with a referral to follow-up: one the day before yesterday, one this morning. */
const FOLLOWED_UP = [
  {
    // Closed 30 hours ago: the first contact was due 6 hours ago, so the caseload leads with it.
    hoursAgo: 30,
    personRef: 'CF-2031',
    incident: {
      entryPoint: '988' as const,
      summary: 'Caller has been feeling hopeless since losing her job; no plan, agreed to a follow-up call.',
      location: { address: '300 block of W Church St, Champaign, IL', lat: 40.1164, lon: -88.2461 },
      caller: { name: 'Maya Brooks', callbackNumber: '+1 217 555 0188' },
      person: { name: 'Maya Brooks', age: 41 },
      safetyFlags: [],
    },
  },
  {
    hoursAgo: 3,
    personRef: 'CF-2032',
    incident: {
      entryPoint: '911' as const,
      summary: 'Neighbour called about a young man sitting in the rain talking to himself; stabilised on site by the crisis team.',
      location: { address: '100 block of E Main St, Urbana, IL', lat: 40.1114, lon: -88.2073 },
      caller: { name: 'Ruth Adler', callbackNumber: '+1 217 555 0173' },
      person: { name: 'Theo Lund', age: 24 },
      safetyFlags: [],
    },
  },
];

/**
 * Two calls closed with a "referred" disposition, each opening a Program 590 episode for the
 * follow-up provider (the demo case manager's caseload), the way the incident's close does it.
 * Each is taken, triaged and closed on a clock set back to when it happened, so the record is
 * consistent: the older one's first contact is overdue.
 */
export async function seedDemoFollowup(services: Services, takers: { '911': Principal; '988': Principal }): Promise<{ id: string; personName: string; taker: Principal }[]> {
  const now = services.clock().getTime();
  const calls: { id: string; personName: string; taker: Principal }[] = [];
  for (const f of FOLLOWED_UP) {
    const at = (hours: number) => new Date(now - hours * HOUR);
    const principal = takers[f.incident.entryPoint];
    const ctx = { principal, address: null, idempotencyKey: null, requestHash: '' };
    const asOf = (hours: number): Services => ({ ...services, clock: () => at(hours) });
    const created = await createIncident(asOf(f.hoursAgo + 1), ctx, f.incident);
    const id = created.body.id;
    calls.push({ id, personName: f.incident.person.name, taker: principal });
    await transitionIncident(asOf(f.hoursAgo + 0.9), ctx, id, { action: 'triage', level: 1, protocolVersion: 'il-irlm@2025.09.0', factors: ['wants_to_talk'] });
    await closeIncident(asOf(f.hoursAgo), ctx, id, { action: 'close', disposition: 'referred' });
    await services.store.transaction(async (tx) => {
      const episode = await openEpisodeFromDisposition(tx, {
        incidentId: id,
        agencyId: DEMO_AGENCY_IDS.followup,
        programme: 'program_590_mcrt',
        personRef: f.personRef,
        openedAt: at(f.hoursAgo),
        actorId: principal.userId,
      });
      await tx.audit.write({
        at: at(f.hoursAgo), actorId: principal.userId, role: principal.role, agencyId: principal.agencyId, action: 'followup.open', outcome: 'allowed',
        resourceType: 'followup_episode', resourceId: episode.id, fieldClasses: ['operational', 'identity'], purpose: 'follow_up', address: null,
        detail: { incidentId: id, programme: episode.programme, disposition: 'referred', demo: true },
      });
      await tx.feed.publish(episodeFeedOf(episode));
    });
  }
  return calls;
}
