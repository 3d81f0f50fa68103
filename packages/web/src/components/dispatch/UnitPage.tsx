import { useQuery } from '@tanstack/react-query';
import type { UnitDetail } from '@continuum/contracts';
import { useClient } from '../../client-context.tsx';
import { formatDate, formatDateTime } from '../../datetime.ts';
import { UNIT_STATUS_LABELS } from '../../dispatch-labels.ts';
import { navigate } from '../../router.ts';
import { CREDENTIAL_STATUS_LABELS, crewRoleLabel, languageName, modelLabel } from '../../unit-labels.ts';
import './unit-page.css';

/** `#/dispatch/units/<id>`: the unit's own page, opened from the board and the incident page. */
export const unitPath = (id: string): string => `/dispatch/units/${encodeURIComponent(id)}`;
export const unitIdOf = (path: string): string | null => {
  const m = /^\/dispatch\/units\/([^/?]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
};

/**
 * One unit (issue 15 §7): status and model, the crew with roles and credentials (the engagement
 * specialist's one-year CRSS/CPRS warning first), what it carries and can do, and its shifts.
 * Read from GET /api/units/{id}, which is audited and answers only within the reader's reach.
 */
export function UnitPage({ unitId }: { unitId: string }) {
  const client = useClient();
  const unit = useQuery({ queryKey: ['unit', unitId], queryFn: ({ signal }) => client.getUnit(unitId, { signal }) });
  return (
    <section className="page unit-page" aria-labelledby="page-title" data-testid="unit-page">
      <p><button type="button" className="button-link" onClick={() => (window.history.length > 1 ? window.history.back() : navigate('/dispatch'))}>← Back</button></p>
      {unit.isPending && <p className="empty">Loading the unit…</p>}
      {unit.isError && <p className="empty empty-error" role="alert" data-testid="unit-error">The unit could not be loaded: {unit.error.message}</p>}
      {unit.data && <UnitBody unit={unit.data} />}
    </section>
  );
}

type Member = UnitDetail['crew'][number];

/** The one-year CRSS/CPRS warning in the console's own date format (the API words it with ISO dates). */
function credentialWarning(m: Member): string | null {
  const s = m.credentialStatus;
  if (!s.warning) return null;
  if (!s.deadline || s.daysLeft === null) return s.warning;
  const by = formatDate(`${s.deadline}T12:00:00Z`);
  return s.daysLeft >= 0
    ? `CRSS or CPRS due by ${by}: ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'} left`
    : `CRSS or CPRS overdue since ${by} (${-s.daysLeft} day${s.daysLeft === -1 ? '' : 's'})`;
}

function UnitBody({ unit }: { unit: UnitDetail }) {
  const c = unit.capabilities;
  const warned = unit.crew.filter((m) => m.credentialStatus.warning);
  return (
    <>
      <div className="page-head">
        <h1 id="page-title">{unit.name}</h1>
        <p className="muted" data-testid="unit-summary">{UNIT_STATUS_LABELS[unit.status]} · {modelLabel(unit.model)} · {unit.onShift ? 'on shift' : 'no shift running'}</p>
      </div>
      {warned.length > 0 && (
        <ul className="unit-warnings" data-testid="unit-warnings">
          {warned.map((m) => <li key={m.name} className="alert" role="note">{m.name}: {credentialWarning(m)}</li>)}
        </ul>
      )}
      <section className="panel" aria-labelledby="crew-title">
        <h2 id="crew-title">Crew</h2>
        {unit.crew.length === 0 ? <p className="muted">No crew is recorded. On board by design: {unit.designedComposition.map(crewRoleLabel).join(', ') || 'not set'}.</p> : (
          <ul className="unit-crew" data-testid="unit-crew">
            {unit.crew.map((m) => (
              <li key={`${m.name}-${m.role}`} data-testid="crew-member" data-status={m.credentialStatus.status}>
                <strong>{m.name}</strong> <span className="muted">{crewRoleLabel(m.role)}</span>
                <span className="cell-sub">
                  {[
                    m.hiredOn ? `hired ${formatDate(`${m.hiredOn}T12:00:00Z`)}` : null,
                    m.credential ? `${m.credential.kind} since ${formatDate(`${m.credential.earnedOn}T12:00:00Z`)}` : null,
                    m.credentialStatus.status !== 'not_required' ? CREDENTIAL_STATUS_LABELS[m.credentialStatus.status] : null,
                    m.credentialStatus.deadline && m.credentialStatus.status !== 'credentialed' ? `deadline ${formatDate(`${m.credentialStatus.deadline}T12:00:00Z`)}` : null,
                    m.role === 'police_officer' ? (m.citTrained ? 'CIT trained (40 hours)' : 'not CIT trained') : null,
                  ].filter(Boolean).join(' · ')}
                </span>
                {m.credentialStatus.warning && <span className="unit-credential-warning" data-testid="credential-warning">{credentialWarning(m)}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="caps-title">
        <h2 id="caps-title">Capabilities</h2>
        <ul className="unit-caps" data-testid="unit-capabilities">
          <li>{c.youth ? 'Serves youth' : 'Adults only'}</li>
          <li>{c.naloxone ? 'Carries naloxone' : 'No naloxone'}</li>
          <li>{c.canTransport ? 'Can transport' : 'Cannot transport'}</li>
          <li>Languages: {c.languages.length ? c.languages.map(languageName).join(', ') : 'not recorded'}</li>
          <li>Service area: {unit.serviceArea.source === 'custom' ? 'its own boundary' : unit.serviceArea.source === 'county' ? 'its agency’s county' : 'none set'}</li>
        </ul>
      </section>
      <section className="panel" aria-labelledby="shifts-title">
        <h2 id="shifts-title">Shifts</h2>
        {unit.shifts.length === 0 ? <p className="muted">No shift is scheduled.</p> : (
          <ul className="unit-shifts" data-testid="unit-shifts">
            {unit.shifts.map((s) => (
              <li key={s.id}>{formatDateTime(s.startsAt)} – {formatDateTime(s.endsAt)}{unit.currentShift?.id === s.id ? ' (running now)' : ''}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
