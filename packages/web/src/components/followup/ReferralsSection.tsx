import { useState, type FormEvent } from 'react';
import type { EpisodeView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { localInputToIso, REFERRAL_LABELS } from '../../followup-format.ts';
import { issuesOf, useEpisodeWrite } from './followup-queries.ts';
import { formatDateTime } from '../../datetime.ts';

type Referral = NonNullable<EpisodeView['referrals']>[number];

/** Warm hand-offs: each referral's status with the moves its table allows, its FHIR export, and a new one. */
export function ReferralsSection({ episode, manage }: { episode: EpisodeView; manage: boolean }) {
  const referrals = episode.referrals ?? [];
  return (
    <section aria-labelledby="referrals-title" className="episode-card">
      <h2 id="referrals-title">Referrals</h2>
      {referrals.length === 0 ? (
        <p className="muted">No referrals. Refer the person to a provider or facility for a warm hand-off, then follow it to the first appointment.</p>
      ) : (
        <ul className="episode-list" data-testid="referral-list">
          {referrals.map((r) => <ReferralItem key={r.id} episode={episode} referral={r} manage={manage} />)}
        </ul>
      )}
      {manage && <ReferralForm episode={episode} />}
    </section>
  );
}

function ReferralItem({ episode, referral: r, manage }: { episode: EpisodeView; referral: Referral; manage: boolean }) {
  const client = useClient();
  const move = useEpisodeWrite(episode.id, (status: Referral['status']) => client.changeReferralStatus(episode.id, r.id, { status, expectedVersion: episode.version }));
  const issues = move.error ? issuesOf(move.error, []) : null;
  return (
    <li data-testid="referral" data-status={r.status}>
      <strong>{r.providerName}</strong> · {r.service} · <span className="badge" data-testid="referral-status">{REFERRAL_LABELS[r.status]}</span>
      {r.appointmentAt && <span className="cell-sub">Appointment {formatDateTime(r.appointmentAt)}</span>}
      <div className="choice-row">
        {manage && r.nextStatuses.map((s) => (
          <button key={s} className="button button-small" type="button" onClick={() => move.mutate(s)} disabled={move.isPending}>
            {REFERRAL_LABELS[s]}
          </button>
        ))}
        <a className="button-link" href={`/api/followup/episodes/${episode.id}/referrals/${r.id}/fhir`} target="_blank" rel="noreferrer">FHIR export</a>
      </div>
      {issues?.general.map((m) => <p key={m} className="form-error" role="alert">{m}</p>)}
    </li>
  );
}

function ReferralForm({ episode }: { episode: EpisodeView }) {
  const client = useClient();
  const [providerName, setProvider] = useState('');
  const [service, setService] = useState('');
  const [appointment, setAppointment] = useState('');
  const write = useEpisodeWrite(episode.id, () =>
    client.addReferral(episode.id, { providerName, service, ...(appointment ? { appointmentAt: localInputToIso(appointment) } : {}), expectedVersion: episode.version }),
  );
  const issues = write.error ? issuesOf(write.error, ['providerName', 'service', 'appointmentAt']) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    write.mutate(undefined, { onSuccess: () => { setProvider(''); setService(''); setAppointment(''); } });
  };
  return (
    <form className="form followup-form" onSubmit={submit} data-testid="referral-form">
      <label className="field">
        <span className="field-label">Provider or facility</span>
        <input value={providerName} onChange={(e) => setProvider(e.target.value)} required maxLength={200} />
        {issues?.fields.providerName && <span className="form-error">{issues.fields.providerName}</span>}
      </label>
      <label className="field">
        <span className="field-label">Service</span>
        <input value={service} onChange={(e) => setService(e.target.value)} required maxLength={200} placeholder="e.g. outpatient counselling" />
        {issues?.fields.service && <span className="form-error">{issues.fields.service}</span>}
      </label>
      <label className="field">
        <span className="field-label">Appointment (optional)</span>
        <input type="datetime-local" value={appointment} onChange={(e) => setAppointment(e.target.value)} />
      </label>
      {issues?.general.map((m) => <p key={m} className="form-error" role="alert">{m}</p>)}
      <button className="button" type="submit" disabled={write.isPending}>Refer</button>
    </form>
  );
}
