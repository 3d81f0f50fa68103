import { can, type EpisodeState, type FieldClass, type Principal, type Reach } from '@continuum/domain';
import type { EpisodeView } from '@continuum/contracts';
import type { Repositories } from '@continuum/storage';
import { presentPerson } from '../../presenters/person.ts';
import { personReach } from '../people/people-access.ts';
import { accessFor, reachOver } from '../reach.ts';

/**
 * Who to call and why, for one episode (issue 15 §6): the 24-hour first contact cannot be made
 * without the person's name and a number. A field is shown only when the reader's reach over the
 * episode AND over the call (or the person record) both hold its class: the episode does not
 * widen what its reader may know of the call. Returns the view's parts and the classes they
 * disclosed, for the read's audit row.
 */
export async function episodeContact(repos: Repositories, principal: Principal, episode: EpisodeState, episodeReach: Reach, now: Date): Promise<{
  call?: EpisodeView['call'];
  person?: EpisodeView['person'];
  classes: FieldClass[];
  personId?: string;
}> {
  const classes = new Set<FieldClass>();
  const incident = await repos.incidents.get(episode.incidentId);
  if (!incident) return { classes: [] };
  const access = await accessFor(repos, principal, [incident.id], now);
  const callReach = reachOver(principal, incident, access, now);
  const both = (cls: FieldClass) => episodeReach.classes.includes(cls) && (callReach?.classes.includes(cls) ?? false);
  const call: NonNullable<EpisodeView['call']> = {};
  if (callReach) call.number = incident.number;
  if (both('identity')) {
    if (incident.person.name) call.personName = incident.person.name;
    if (incident.caller.name) call.callerName = incident.caller.name;
    classes.add('identity');
  }
  if (both('location_safety') && incident.caller.callbackNumber) {
    call.callbackNumber = incident.caller.callbackNumber;
    classes.add('location_safety');
  }
  if (both('clinical')) {
    call.summary = incident.summary;
    classes.add('clinical');
  }

  // The linked person record, when the reader may read people and the record is within reach.
  const personId = (await repos.people.linksOf([incident.id])).get(incident.id);
  let person: EpisodeView['person'];
  if (personId && can(principal, 'person.read')) {
    const record = await repos.people.get(personId);
    const reach = record ? personReach(principal, record, access.agreements, now) : null;
    if (record && reach) {
      const readable = reach.classes.filter((c) => episodeReach.classes.includes(c));
      const view = presentPerson({ person: record, contacts: [], consents: [] }, principal, readable, now);
      person = { id: record.id, ...(view.name ? { name: view.name } : {}), ...(view.phones ? { phones: view.phones } : {}), ...(view.safetyPlan !== undefined ? { safetyPlan: view.safetyPlan } : {}) };
      if (view.name || view.phones) classes.add('identity');
      if (view.safetyPlan !== undefined) classes.add('clinical');
    }
  }
  return { call, ...(person ? { person, personId } : {}), classes: [...classes] };
}
