import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeView } from '@continuum/contracts';
import { openEpisodeFromDisposition } from '../src/services/followup/followup-open.ts';
import { TASK_STATUS } from '../src/presenters/followup-fhir.ts';
import { fhirValidator as validator } from './fhir-r4.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

const validate = { Bundle: validator('Bundle'), ServiceRequest: validator('ServiceRequest'), Task: validator('Task') };

let t: TestServer;
let casemanager: Session;
let officer: Session;
let telecom: Session;

type Resource = Record<string, unknown> & { resourceType: string };
type Bundle = { resourceType: string; type: string; entry: { fullUrl: string; resource: Resource }[] };

beforeAll(async () => {
  t = await startTestServer();
  [casemanager, officer, telecom] = (await Promise.all(['casemanager', 'officer', 'telecom'].map((u) => signIn(t.url, u)))) as [Session, Session, Session];
});
afterAll(() => t.close());

/** A closed call with an episode opened the way the incident's close does it, and a referral on it. */
async function referralOnEpisode(): Promise<{ episode: EpisodeView; referralId: string }> {
  const { id } = (await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string };
  await telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage', level: 1, protocolVersion: 'il-irlm@2025.09', factors: ['wants_to_talk'] });
  await telecom.post(`/api/incidents/${id}/transitions`, { action: 'close', disposition: 'referred' });
  const opened = await t.server.services.store.transaction((tx) =>
    openEpisodeFromDisposition(tx, { incidentId: id, agencyId: 'champaign-followup', programme: 'co_response', personRef: 'CF-77', openedAt: new Date(), actorId: 'system' }),
  );
  const res = await casemanager.post(`/api/followup/episodes/${opened.id}/referrals`, { providerName: 'Champaign CCBHC', providerAgencyId: 'champaign-ccbhc', service: 'Outpatient counselling' });
  const episode = (await res.json()) as EpisodeView;
  return { episode, referralId: episode.referrals![0]!.id };
}

const fhirOf = async (episodeId: string, referralId: string): Promise<Bundle> => {
  const res = await casemanager.get(`/api/followup/episodes/${episodeId}/referrals/${referralId}/fhir`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/fhir+json');
  return (await res.json()) as Bundle;
};

describe('openEpisodeFromDisposition', () => {
  it('opens on the given transaction, unassigned, and returns the same episode when called again', async () => {
    const { episode } = await referralOnEpisode();
    expect(episode).toMatchObject({ programme: 'co_response', assignedTo: null, agencyId: 'champaign-followup' });
    const again = await t.server.services.store.transaction((tx) =>
      openEpisodeFromDisposition(tx, { incidentId: episode.incidentId, agencyId: 'champaign-followup', programme: 'co_response', personRef: null, openedAt: new Date(), actorId: 'system' }),
    );
    expect(again.id).toBe(episode.id);
    expect((await t.server.services.store.read.followup.events(episode.id)).map((e) => e.type)).toEqual(['followup.opened', 'followup.referral_made']);
  });
});

describe('GET …/referrals/:referralId/fhir', () => {
  it('401 without a session, 403 for police', async () => {
    const { episode, referralId } = await referralOnEpisode();
    expect((await fetch(`${t.url}/api/followup/episodes/${episode.id}/referrals/${referralId}/fhir`)).status).toBe(401);
    expect((await officer.get(`/api/followup/episodes/${episode.id}/referrals/${referralId}/fhir`)).status).toBe(403);
  });

  it('is a FHIR R4 Bundle of a ServiceRequest and its Task, valid against the R4 schema, audited', async () => {
    const { episode, referralId } = await referralOnEpisode();
    const bundle = await fhirOf(episode.id, referralId);
    expect(validate.Bundle(bundle), JSON.stringify(validate.Bundle.errors)).toBe(true);
    expect(bundle.type).toBe('collection');
    const [sr, task] = bundle.entry.map((e) => e.resource) as [Resource, Resource];
    expect(validate.ServiceRequest(sr), JSON.stringify(validate.ServiceRequest.errors)).toBe(true);
    expect(validate.Task(task), JSON.stringify(validate.Task.errors)).toBe(true);
    expect(sr).toMatchObject({ resourceType: 'ServiceRequest', id: referralId, status: 'active', intent: 'order', code: { text: 'Outpatient counselling' } });
    expect(sr.subject).toEqual({ type: 'Patient', identifier: { system: 'urn:continuum:agency:champaign-followup:person', value: 'CF-77' } });
    expect(sr.performer).toEqual([{ type: 'Organization', display: 'Champaign CCBHC', identifier: { system: 'urn:continuum:agency', value: 'champaign-ccbhc' } }]);
    expect(task).toMatchObject({ resourceType: 'Task', status: 'requested', intent: 'order', focus: { reference: bundle.entry[0]!.fullUrl }, for: sr.subject });
    // The same referral exports the same Task identity every time.
    expect((await fhirOf(episode.id, referralId)).entry[1]!.fullUrl).toBe(bundle.entry[1]!.fullUrl);
    const rows = await t.server.services.store.read.audit.search({ action: 'followup.referral_export', resourceId: episode.id, limit: 10 });
    expect(rows[0]).toMatchObject({ outcome: 'allowed', detail: { referralId, format: 'fhir-r4' } });
  });

  it.each(Object.entries(TASK_STATUS))('maps the referral status %s to Task.status %s', async (status, taskStatus) => {
    const { episode, referralId } = await referralOnEpisode();
    const path: Record<string, string[]> = {
      requested: [],
      accepted: ['accepted'],
      first_appointment_kept: ['accepted', 'first_appointment_kept'],
      completed: ['accepted', 'first_appointment_kept', 'completed'],
      declined: ['declined'],
      cancelled: ['cancelled'],
    };
    for (const step of path[status]!) {
      expect((await casemanager.post(`/api/followup/episodes/${episode.id}/referrals/${referralId}/status`, { status: step })).status).toBe(200);
    }
    const bundle = await fhirOf(episode.id, referralId);
    expect(bundle.entry[1]!.resource.status).toBe(taskStatus);
    expect(validate.Bundle(bundle), JSON.stringify(validate.Bundle.errors)).toBe(true);
  });

  it('the validator is real: wrong resources fail it', async () => {
    const { episode, referralId } = await referralOnEpisode();
    const bundle = await fhirOf(episode.id, referralId);
    const task = bundle.entry[1]!.resource;
    expect(validate.Task({ ...task, status: 'in_progress' })).toBe(false);
    // The R4 JSON schema checks codes, formats and unknown elements, not cardinality: the test
    // above asserts status, intent and focus by value for that reason.
    expect(validate.Task({ ...task, assignee: 'Practitioner/1' })).toBe(false);
    expect(validate.Task({ ...task, focus: { reference: 'ServiceRequest/1', name: 'x' } })).toBe(false);
    expect(validate.ServiceRequest({ ...bundle.entry[0]!.resource, authoredOn: 'yesterday' })).toBe(false);
    expect(validate.Bundle({ ...bundle, type: 'bag' })).toBe(false);
  });
});
