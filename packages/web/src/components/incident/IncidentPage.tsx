import { useQuery } from '@tanstack/react-query';
import type { IncidentView, ResponseView, SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { OUTCOME_LABELS } from '../../close-form.ts';
import { formatDateTime, formatTime } from '../../datetime.ts';
import { STAGE_LABELS } from '../../dispatch-labels.ts';
import { describeHidden, ENTRY_POINT_LABELS, formatRisk, STATUS_LABELS } from '../../format.ts';
import { formatSeconds, timelineOf } from '../../incident-timeline.ts';
import { INCIDENTS_KEY } from '../../use-live-feed.ts';
import { PersonPanel } from '../people/PersonPanel.tsx';
import { SimulatedBadge } from '../IncidentTable.tsx';
import './incident.css';
import { unitPath } from '../dispatch/UnitPage.tsx';

const CLOCK: { key: keyof ResponseView['clock']; label: string }[] = [
  { key: 'receivedAt', label: 'Received' },
  { key: 'triagedAt', label: 'Triaged' },
  { key: 'dispatchedAt', label: 'Dispatched' },
  { key: 'acknowledgedAt', label: 'Acknowledged' },
  { key: 'enRouteAt', label: 'En route' },
  { key: 'onSceneAt', label: 'On scene' },
  { key: 'clearedAt', label: 'Cleared' },
];
const INTERVALS: { key: keyof ResponseView['intervals']; label: string }[] = [
  { key: 'toTriage', label: 'Call to triage' },
  { key: 'toDispatch', label: 'Call to dispatch' },
  { key: 'toAcknowledge', label: 'Dispatch to acknowledged' },
  { key: 'toEnRoute', label: 'Dispatch to en route' },
  { key: 'travel', label: 'Travel' },
  { key: 'response', label: 'Call to on scene' },
  { key: 'onScene', label: 'On scene' },
  { key: 'total', label: 'Whole call' },
];

/**
 * One call from the first ring to the follow-up (issue 15 §1): what was reported, the timeline of
 * its events (redacted by the server like every read), the response clock, the units and their
 * steps, notes and hazards, how it ended, the person, the follow-up episode, and for those who
 * audit a link to the call's audit rows. Every part reads through an audited API of its own.
 */
export function IncidentPage({ id, session }: { id: string; session: SessionView }) {
  const client = useClient();
  const can = (p: string) => session.abilities.includes(p as never);
  const incident = useQuery({ queryKey: [...INCIDENTS_KEY, 'one', id], queryFn: ({ signal }) => client.getIncident(id, { signal }) });
  const history = useQuery({ queryKey: [...INCIDENTS_KEY, 'events', id], queryFn: ({ signal }) => client.incidentEvents(id, { signal }), enabled: incident.isSuccess });
  const response = useQuery({ queryKey: [...INCIDENTS_KEY, 'response', id], queryFn: ({ signal }) => client.incidentResponse(id, { signal }), enabled: incident.isSuccess });
  const caseload = useQuery({ queryKey: ['followup', 'caseload'], queryFn: ({ signal }) => client.caseload({ signal }), enabled: incident.isSuccess && can('followup.read') });

  if (incident.isPending) return <p className="empty" data-testid="incident-loading">Loading the call…</p>;
  if (incident.isError) {
    return (
      <section className="page">
        <p className="empty empty-error" role="alert" data-testid="incident-missing">
          This call could not be found, or it is not within your reach. <a href="#/incidents">Back to the incidents</a>.
        </p>
      </section>
    );
  }
  const i = incident.data;
  const units = new Map((response.data?.assignments ?? []).map((a) => [a.unitId, a.unitName]));
  const timeline = history.data ? timelineOf(history.data, (u) => units.get(u) ?? u) : [];
  const episode = caseload.data?.items.find((e) => e.incidentId === id);

  return (
    <section className="page incident-page" aria-labelledby="incident-title" data-testid="incident-page">
      <p className="incident-back"><a href="#/incidents" onClick={(e) => { if (window.history.length > 1) { e.preventDefault(); window.history.back(); } }}>← Incidents</a></p>
      <div className="page-head">
        <h1 id="incident-title">
          Call <span className="incident-number" data-testid="incident-number">{i.number ?? id.slice(0, 8)}</span>
        </h1>
        <div className="incident-badges">
          {i.simulated && <SimulatedBadge />}
          <span className={`badge status-${i.status}`} data-testid="incident-status">{STATUS_LABELS[i.status]}</span>
          <span className={`risk risk-${i.riskLevel ?? 'none'}`}>{formatRisk(i.riskLevel)}</span>
          <span className="muted">{ENTRY_POINT_LABELS[i.entryPoint]} · received {formatDateTime(i.receivedAt)}</span>
        </div>
      </div>
      {can('audit.read') && (
        <p><a className="button" href={`#/audit?record=${id}`} data-testid="incident-audit-link">Audit rows of this call</a></p>
      )}

      <div className="incident-grid">
        <div className="incident-main">
          <Reported incident={i} />
          <section className="panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            {history.isPending && <p className="muted">Loading the timeline…</p>}
            {history.isError && <p className="empty-error" role="alert">The timeline could not be loaded: {history.error.message}</p>}
            {history.data && (
              <ol className="timeline" data-testid="incident-timeline">
                {timeline.map((e) => (
                  <li key={e.key} className={`timeline-${e.tone}`} data-testid="timeline-entry">
                    <time dateTime={e.at}>{e.at ? formatTime(e.at) : '—'}</time>
                    <span className="timeline-label">{e.label}</span>
                    {e.detail && <span className="timeline-detail">{e.detail}</span>}
                  </li>
                ))}
              </ol>
            )}
            {history.data && history.data.redacted.length > 0 && (
              <p className="muted small">Some details are hidden from your role ({describeHidden({ ...i, redacted: history.data.redacted }, history.data.redacted[0]!).replace('hidden: ', '')}).</p>
            )}
          </section>
        </div>

        <div className="incident-side">
          <Outcome incident={i} />
          {response.data && <Response response={response.data} />}
          {can('person.read') && <PersonPanel incidentId={id} personName={i.personName} abilities={session.abilities} />}
          {can('followup.read') && (
            <section className="panel" aria-labelledby="episode-title">
              <h2 id="episode-title">Follow-up</h2>
              {episode ? (
                <p data-testid="incident-episode">
                  <a href={`#/follow-up/${episode.id}`}>Open the follow-up episode</a>
                </p>
              ) : (
                <p className="muted" data-testid="incident-no-episode">{caseload.isPending ? 'Looking…' : 'No follow-up episode in your caseload for this call.'}</p>
              )}
            </section>
          )}
        </div>
      </div>
    </section>
  );
}

function Hidden({ incident, cls }: { incident: IncidentView; cls: Parameters<typeof describeHidden>[1] }) {
  return <span className="hidden-field">{describeHidden(incident, cls)}</span>;
}

/** What was reported: where, who called back, the person, flags, and the summary. */
function Reported({ incident: i }: { incident: IncidentView }) {
  return (
    <section className="panel" aria-labelledby="reported-title">
      <h2 id="reported-title">Reported</h2>
      <dl className="facts">
        <div><dt>Location</dt><dd data-testid="incident-location">{i.location ? i.location.address : <Hidden incident={i} cls="location_safety" />}</dd></div>
        <div><dt>Call back</dt><dd>{i.callbackNumber ? <a href={`tel:${i.callbackNumber.replace(/[^+0-9]/g, '')}`}>{i.callbackNumber}</a> : i.location ? 'not given' : <Hidden incident={i} cls="location_safety" />}</dd></div>
        <div><dt>Caller</dt><dd>{i.callerName ?? (i.redacted.includes('identity') ? <Hidden incident={i} cls="identity" /> : 'not given')}</dd></div>
        <div><dt>Person</dt><dd data-testid="incident-person">{i.personName ?? (i.redacted.includes('identity') ? <Hidden incident={i} cls="identity" /> : 'not named')}{i.personAge !== undefined ? `, ${i.personAge}` : ''}</dd></div>
        {i.safetyFlags && i.safetyFlags.length > 0 && <div><dt>Safety</dt><dd className="safety-flags">{i.safetyFlags.join(' · ')}</dd></div>}
        <div className="facts-wide"><dt>Summary</dt><dd data-testid="incident-summary-text">{i.summary ?? <Hidden incident={i} cls="clinical" />}</dd></div>
        {i.triageFactors && i.triageFactors.length > 0 && <div className="facts-wide"><dt>Triage factors</dt><dd>{i.triageFactors.map((f) => f.replace(/_/g, ' ')).join(' · ')}</dd></div>}
        {i.substanceUse && <div className="facts-wide"><dt>Substance use (Part 2)</dt><dd>{i.substanceUse}<span className="cell-sub">{i.part2Notice}</span></dd></div>}
      </dl>
    </section>
  );
}

/** How the call ended, and where the person went. */
function Outcome({ incident: i }: { incident: IncidentView }) {
  const transport = i.dispositionDetail?.transport;
  return (
    <section className="panel" aria-labelledby="outcome-title">
      <h2 id="outcome-title">Outcome</h2>
      {i.disposition ? (
        <dl className="facts">
          <div><dt>Disposition</dt><dd data-testid="incident-disposition">{OUTCOME_LABELS[i.disposition]}</dd></div>
          {i.closedAt && <div><dt>Closed</dt><dd>{formatDateTime(i.closedAt)}</dd></div>}
          {transport && <div><dt>Destination</dt><dd>{[transport.destination?.replace(/_/g, ' '), transport.by && `by ${transport.by.replace(/_/g, ' ')}`, i.dispositionNotes?.place].filter(Boolean).join(' · ')}</dd></div>}
          {i.dispositionNotes?.referredTo && i.dispositionNotes.referredTo.length > 0 && <div><dt>Referred to</dt><dd>{i.dispositionNotes.referredTo.join(', ')}</dd></div>}
          {i.dispositionNotes?.note && <div className="facts-wide"><dt>Closing note</dt><dd>{i.dispositionNotes.note}</dd></div>}
        </dl>
      ) : (
        <p className="muted">Still open{i.status === 'cancelled' ? '' : ': no disposition yet'}.</p>
      )}
    </section>
  );
}

/** The response clock and its intervals, the units and their steps, notes and hazards. */
function Response({ response: r }: { response: ResponseView }) {
  return (
    <>
      <section className="panel" aria-labelledby="clock-title">
        <h2 id="clock-title">Response clock</h2>
        <dl className="facts facts-clock" data-testid="incident-clock">
          {CLOCK.map((c) => <div key={c.key}><dt>{c.label}</dt><dd>{r.clock[c.key] ? formatTime(r.clock[c.key]!) : '—'}</dd></div>)}
        </dl>
        <dl className="facts facts-clock">
          {INTERVALS.filter((x) => r.intervals[x.key] !== null).map((x) => <div key={x.key}><dt>{x.label}</dt><dd>{formatSeconds(r.intervals[x.key])}</dd></div>)}
        </dl>
      </section>
      <section className="panel" aria-labelledby="units-title">
        <h2 id="units-title">Units</h2>
        {r.assignments.length === 0 ? <p className="muted">No unit was sent.</p> : (
          <ul className="incident-units" data-testid="incident-units">
            {r.assignments.map((a) => (
              <li key={`${a.unitId}-${a.assignedAt}`}>
                <strong><a href={`#${unitPath(a.unitId)}`} data-testid="incident-unit-link">{a.unitName}</a></strong> <span className="muted">{STAGE_LABELS[a.stage]}</span>
                <span className="cell-sub">
                  {[['assigned', a.assignedAt], ['ack', a.acknowledgedAt], ['en route', a.enRouteAt], ['on scene', a.onSceneAt], ['transporting', a.transportingAt], ['arrived', a.atDestinationAt], ['cleared', a.clearedAt], ['released', a.releasedAt]]
                    .filter(([, t]) => t).map(([l, t]) => `${l} ${formatTime(t!)}`).join(' · ')}
                </span>
                {a.destination && <span className="cell-sub">Destination: {a.destination}</span>}
              </li>
            ))}
          </ul>
        )}
        {r.hazards && r.hazards.length > 0 && (
          <><h3>Hazards</h3><ul className="incident-notes">{r.hazards.map((h) => <li key={h.at + h.text} className="timeline-alert"><time dateTime={h.at}>{formatTime(h.at)}</time> {h.text}</li>)}</ul></>
        )}
        {r.notes && r.notes.length > 0 && (
          <><h3>Notes</h3><ul className="incident-notes">{r.notes.map((n) => <li key={n.at + n.text}><time dateTime={n.at}>{formatTime(n.at)}</time> {n.text}</li>)}</ul></>
        )}
      </section>
    </>
  );
}
