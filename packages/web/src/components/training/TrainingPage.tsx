import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRAINED_ROLES, TRAINING_COURSES, TRAINING_COURSE_LABELS, ROLE_LABELS, type RefresherStatus, type TrainedRole, type TrainingCourse } from '@continuum/domain';
import type { SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import './training.css';

const KEY = ['training'] as const;
const FIELDS = ['agencyId', 'personName', 'personRole', 'course', 'completedOn', 'hours', 'expiresOn'];

const STATUS_LABELS: Record<RefresherStatus, string> = {
  overdue: 'Refresher overdue',
  due: 'Refresher due',
  never_trained: 'No CIT course on record',
  current: 'Current',
};

const days = (n: number | null): string => (n === null ? '' : n < 0 ? `${-n} day${n === -1 ? '' : 's'} ago` : `in ${n} day${n === 1 ? '' : 's'}`);

/**
 * CIT and training records (issue 12 §6), for supervisors and administrators: who is due a
 * refresher first, then every course on record, and a form to record one.
 */
export function TrainingPage({ session }: { session: SessionView }) {
  const client = useClient();
  const refreshers = useQuery({ queryKey: [...KEY, 'refreshers'], queryFn: ({ signal }) => client.refreshersDue({ signal }) });
  const records = useQuery({ queryKey: [...KEY, 'records'], queryFn: ({ signal }) => client.trainingRecords({ signal }) });
  const mayRecord = session.abilities.includes('training.manage');

  return (
    <section className="page training" aria-labelledby="page-title">
      <h1 id="page-title">Training</h1>
      <p className="muted page-lede">
        CIT and related courses of officers and telecommunicators. The dispatch recommendation prefers a unit whose officer holds a current CIT course.
      </p>
      <h2>Due a refresher</h2>
      {refreshers.isPending && <p className="empty">Loading…</p>}
      {refreshers.isError && <p className="empty empty-error" role="alert">The list could not be loaded: {refreshers.error.message}</p>}
      {refreshers.data && refreshers.data.items.length === 0 && <p className="empty" data-testid="refreshers-empty">Everyone’s CIT course is current.</p>}
      {refreshers.data && refreshers.data.items.length > 0 && (
        <table className="training-table" data-testid="refreshers">
          <thead><tr><th>Person</th><th>Role</th><th>Agency</th><th>Status</th><th>Counts until</th></tr></thead>
          <tbody>
            {refreshers.data.items.map((p) => (
              <tr key={`${p.agencyId}|${p.userId ?? p.personName}|${p.personRole}`} data-status={p.status} data-testid="refresher-row">
                <td>{p.personName}</td>
                <td>{ROLE_LABELS[p.personRole]}</td>
                <td>{p.agencyId}</td>
                <td><span className={`training-status training-${p.status}`}>{STATUS_LABELS[p.status]}</span></td>
                <td>{p.expiresOn ? `${p.expiresOn} (${days(p.daysLeft)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayRecord && <RecordForm />}
      <h2>Courses on record</h2>
      {records.data && records.data.items.length === 0 && <p className="empty">No courses recorded yet.</p>}
      {records.data && records.data.items.length > 0 && (
        <table className="training-table" data-testid="training-records">
          <thead><tr><th>Person</th><th>Role</th><th>Agency</th><th>Course</th><th>Completed</th><th>Hours</th><th>Counts until</th></tr></thead>
          <tbody>
            {records.data.items.map((r) => (
              <tr key={r.id} data-testid="training-row">
                <td>{r.personName}</td>
                <td>{ROLE_LABELS[r.personRole]}</td>
                <td>{r.agencyId}</td>
                <td>{TRAINING_COURSE_LABELS[r.course]}</td>
                <td>{r.completedOn}</td>
                <td>{r.hours}</td>
                <td>{r.validUntil}{r.expiresOn ? '' : ' (usual validity)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RecordForm() {
  const client = useClient();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ agencyId: '', personName: '', personRole: 'police_officer' as TrainedRole, course: 'cit_40_hour' as TrainingCourse, completedOn: '', hours: '40', expiresOn: '' });
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [done, setDone] = useState('');
  const save = useMutation({
    mutationFn: () =>
      client.recordTraining({
        ...(form.agencyId.trim() ? { agencyId: form.agencyId.trim() } : {}),
        personName: form.personName,
        personRole: form.personRole,
        course: form.course,
        completedOn: form.completedOn,
        hours: Number(form.hours),
        expiresOn: form.expiresOn || null,
      }),
    onSuccess: async (r) => {
      setIssues(NO_ISSUES);
      setDone(`Recorded ${TRAINING_COURSE_LABELS[r.course]} for ${r.personName}, counting until ${r.validUntil}.`);
      setForm((f) => ({ ...f, personName: '', completedOn: '', expiresOn: '' }));
      await queryClient.invalidateQueries({ queryKey: [...KEY] });
    },
    onError: (error) => setIssues(describeWriteError(error, FIELDS)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    save.mutate();
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const err = (k: string) => issues.fields[k] && <span className="field-error" role="alert">{issues.fields[k]}</span>;

  return (
    <form className="training-form" onSubmit={submit} data-testid="training-form" noValidate>
      <h2>Record a course</h2>
      <label>Name<input value={form.personName} onChange={set('personName')} data-testid="training-name" required />{err('personName')}</label>
      <label>Role
        <select value={form.personRole} onChange={set('personRole')} data-testid="training-role">
          {TRAINED_ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
      </label>
      <label>Agency (blank: your own)<input value={form.agencyId} onChange={set('agencyId')} data-testid="training-agency" />{err('agencyId')}</label>
      <label>Course
        <select value={form.course} onChange={set('course')} data-testid="training-course">
          {TRAINING_COURSES.map((c) => <option key={c} value={c}>{TRAINING_COURSE_LABELS[c]}</option>)}
        </select>
      </label>
      <label>Completed on<input type="date" value={form.completedOn} onChange={set('completedOn')} data-testid="training-completed" />{err('completedOn')}</label>
      <label>Hours<input type="number" min="0.5" step="0.5" value={form.hours} onChange={set('hours')} data-testid="training-hours" />{err('hours')}</label>
      <label>Expires on (blank: the course’s usual validity)<input type="date" value={form.expiresOn} onChange={set('expiresOn')} data-testid="training-expires" />{err('expiresOn')}</label>
      {issues.general.map((g) => <p key={g} className="field-error" role="alert">{g}</p>)}
      <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="training-save">{save.isPending ? 'Saving…' : 'Record course'}</button>
      <p role="status" data-testid="training-done">{done}</p>
    </form>
  );
}
