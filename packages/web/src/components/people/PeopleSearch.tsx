import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../client-context.tsx';
import { redirect } from '../../router.ts';
import { nameOf } from './person-words.ts';

const BANDS = { likely: 'Likely', possible: 'Possible', unlikely: 'Unlikely' } as const;

/**
 * People (issue 15 §3): search the records within reach by name, date of birth or phone. Each
 * search is a read of identity, audited by the server; nothing is listed before one is typed.
 * The search is kept in the address (`#/people?q=…`), so Back from a record returns to it.
 */
export function PeopleSearch({ path }: { path: string }) {
  const client = useClient();
  const q = new URLSearchParams(path.split('?')[1] ?? '').get('q') ?? '';
  const [typed, setTyped] = useState(q);
  // A search the address changed from outside (a link, Back) replaces what is typed, rather than being undone by it.
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    setShownQ(q);
    setTyped(q);
  }
  useEffect(() => {
    if (typed.trim() === q) return;
    const timer = setTimeout(() => redirect(typed.trim() ? `/people?q=${encodeURIComponent(typed.trim())}` : '/people'), 400);
    return () => clearTimeout(timer);
  }, [typed, q]);
  const results = useQuery({ queryKey: ['people', 'search', q], queryFn: ({ signal }) => client.searchPeople(q, { signal }), enabled: q.length >= 2 });
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">People</h1>
      <form role="search" aria-label="Search people" className="incident-filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field search">
          <label htmlFor="people-search">Name, date of birth (1985-06-12) or phone</label>
          <input id="people-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" data-testid="people-search" autoFocus />
        </div>
      </form>
      {q.length < 2 && <p className="empty" data-testid="people-hint">Type at least two letters of a name, a date of birth or a phone number. Each search is recorded in the audit trail.</p>}
      {results.isPending && q.length >= 2 && <p className="muted">Searching…</p>}
      {results.isError && <p className="empty empty-error" role="alert">The search failed: {results.error.message}</p>}
      {results.data && results.data.items.length === 0 && <p className="empty" data-testid="people-empty">No record within your reach matches “{q}”.</p>}
      {results.data && results.data.items.length > 0 && (
        <ul className="people-results" data-testid="people-results">
          {results.data.items.map((p) => (
            <li key={p.personId} data-testid="people-result">
              <a href={`#/people/${p.personId}`}>{nameOf(p.name)}</a>
              <span className="muted"> · born {p.dateOfBirth ?? 'unknown'} · {BANDS[p.band]} match</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
