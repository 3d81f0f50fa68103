import { isApiError } from '@continuum/sdk';
import { PEOPLE } from '../../areas.ts';
import { formatCalendarDate, formatDate } from '../../datetime.ts';
import { usePerson } from '../../use-people.ts';
import { nameOf } from './person-words.ts';
import { SafetyPlanEditor } from './SafetyPlanEditor.tsx';
import './people.css';
import { PeopleSearch } from './PeopleSearch.tsx';

/** `/people/<id>`: one person's record, their contacts and the safety plan editor. */
export function PersonPage({ path }: { path: string }) {
  const id = path.startsWith(`${PEOPLE.path}/`) ? decodeURIComponent(path.slice(PEOPLE.path.length + 1)) : '';
  if (!id) return <PeopleSearch path={path} />;
  return <PersonRecordView key={id} id={id} />;
}

function PersonRecordView({ id }: { id: string }) {
  const query = usePerson(id);
  if (query.isPending) return <p className="empty">Opening the record…</p>;
  if (!query.data) {
    return <p className="empty empty-error" role="alert">{isApiError(query.error, 'not_found') ? 'This person was not found, or is outside your reach.' : 'The record could not be opened.'}</p>;
  }
  const p = query.data;
  return (
    <section className="page person-page" aria-labelledby="page-title" data-testid="person-page">
      <div className="page-head">
        <h1 id="page-title">{nameOf(p.name)}</h1>
      </div>
      <dl className="person-facts">
        <dt>Date of birth</dt><dd>{p.dateOfBirth ? formatCalendarDate(p.dateOfBirth) : 'not known'}</dd>
        <dt>Phones</dt><dd>{p.phones?.length ? p.phones.join(', ') : 'none'}</dd>
        {p.demographics && (<><dt>Gender</dt><dd>{p.demographics.gender ?? 'not recorded'}</dd></>)}
        <dt>Contacts</dt>
        <dd className="person-contacts">{p.contacts?.length ? p.contacts.map((c) => <a key={c.incidentId} href={`#/incidents/${c.incidentId}`} data-testid="person-contact">Call of {formatDate(c.linkedAt)}</a>) : 'none linked'}</dd>
      </dl>
      <SafetyPlanEditor person={p} editable={p.allowedActions.includes('edit_safety_plan')} />
    </section>
  );
}
