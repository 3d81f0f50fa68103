import type { Handoff, IncidentState, Principal } from '@continuum/domain';
import type { HandoffView } from '@continuum/contracts';
import type { Repositories } from '@continuum/storage';

/** Names of the agencies and people a page of hand-offs mentions, loaded in two queries. */
export async function namesFor(repos: Repositories, handoffs: readonly Handoff[]) {
  const userIds = new Set<string>();
  for (const h of handoffs) {
    userIds.add(h.offeredBy);
    if (h.decidedBy) userIds.add(h.decidedBy);
    for (const s of h.steps) userIds.add(s.actorId);
  }
  const [agencies, users] = await Promise.all([repos.organisations.agencies(), repos.users.namesOf([...userIds].filter((u) => u !== 'system'))]);
  return { agencies: new Map(agencies.map((a) => [a.id, a.name])), users };
}

type Names = Awaited<ReturnType<typeof namesFor>>;

const person = (names: Names, id: string | null) =>
  id === null ? null : id === 'system' ? { id, name: 'Continuum (timer)' } : { id, name: names.users.get(id)?.displayName ?? 'a former member of staff' };

/**
 * A hand-off as either side's staff see it. The call is shown by operational facts only (entry
 * point, level, whether it must be dispatched now): the incident itself is read through its own
 * route, redacted by the reader's reach.
 */
export function presentHandoff(h: Handoff, reader: Principal, incident: Pick<IncidentState, 'entryPoint' | 'triage'> | null, names: Names): HandoffView {
  const level = incident?.triage?.level ?? null;
  return {
    id: h.id,
    incidentId: h.incidentId,
    kind: h.kind,
    state: h.state,
    version: h.version,
    direction: h.toAgencyId === reader.agencyId ? 'incoming' : 'outgoing',
    from: { id: h.fromAgencyId, name: names.agencies.get(h.fromAgencyId) ?? h.fromAgencyId },
    to: { id: h.toAgencyId, name: names.agencies.get(h.toAgencyId) ?? h.toAgencyId },
    note: h.note,
    offeredAt: h.offeredAt.toISOString(),
    offeredBy: person(names, h.offeredBy),
    decidedAt: h.decidedAt?.toISOString() ?? null,
    decidedBy: person(names, h.decidedBy),
    declineReason: h.declineReason,
    rolledFromId: h.rolledFromId,
    rolledToId: h.rolledToId,
    supervisorAlertedAt: h.supervisorAlertedAt?.toISOString() ?? null,
    call: {
      entryPoint: incident?.entryPoint ?? 'unknown',
      riskLevel: level,
      // An escalation to 911 is dispatched at once, whatever the level the sender reached.
      dispatchNow: h.kind === 'emergency_escalation' || Boolean(incident?.triage?.emergent),
    },
    steps: h.steps.map((s) => ({ state: s.state, at: s.at.toISOString(), by: person(names, s.actorId) })),
  };
}
