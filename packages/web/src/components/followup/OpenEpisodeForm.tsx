import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../client-context.tsx';
import { navigate } from '../../router.ts';
import { CASELOAD_KEY, issuesOf } from './followup-queries.ts';

const PROGRAMMES = [
  ['program_590_mcrt', 'Program 590 mobile crisis (3 to 30 days)'],
  ['co_response', 'Co-response (up to 60 days)'],
  ['youth_cares', 'Youth, CARES (at least 30 days)'],
] as const;

/** Opens an episode by hand from a closed incident, assigned to the signed-in person. */
export function OpenEpisodeForm() {
  const client = useClient();
  const queryClient = useQueryClient();
  const [incidentId, setIncidentId] = useState('');
  const [programme, setProgramme] = useState<(typeof PROGRAMMES)[number][0]>('program_590_mcrt');
  const [personRef, setPersonRef] = useState('');
  const open = useMutation({
    mutationFn: () => client.openEpisode({ incidentId: incidentId.trim(), programme, ...(personRef.trim() ? { personRef: personRef.trim() } : {}) }),
    onSuccess: (episode) => {
      void queryClient.invalidateQueries({ queryKey: CASELOAD_KEY });
      navigate(`/follow-up/${episode.id}`);
    },
  });
  const issues = open.error ? issuesOf(open.error, ['incidentId', 'programme', 'personRef']) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate();
  };
  return (
    <details className="followup-open">
      <summary>Open an episode by hand</summary>
      <form className="form followup-form" onSubmit={submit} data-testid="open-episode-form">
        <label className="field">
          <span className="field-label">Incident id</span>
          <input value={incidentId} onChange={(e) => setIncidentId(e.target.value)} required placeholder="the closed incident’s id" aria-invalid={Boolean(issues?.fields.incidentId)} />
          {issues?.fields.incidentId && <span className="form-error">{issues.fields.incidentId}</span>}
        </label>
        <label className="field">
          <span className="field-label">Programme</span>
          <select value={programme} onChange={(e) => setProgramme(e.target.value as typeof programme)}>
            {PROGRAMMES.map(([id, label]) => <option key={id} value={id}>{label}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Person’s reference in your records (optional)</span>
          <input value={personRef} onChange={(e) => setPersonRef(e.target.value)} maxLength={100} />
        </label>
        {issues?.general.map((m) => <p key={m} className="form-error" role="alert">{m}</p>)}
        <button className="button button-primary" type="submit" disabled={open.isPending}>Open episode</button>
      </form>
    </details>
  );
}
