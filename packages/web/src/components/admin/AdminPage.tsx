import { ADMIN } from '../../areas.ts';
import { AgreementsPage } from './AgreementsPage.tsx';
import './admin.css';

/** Administration. Agreements are built; the rest is named with the command that does it today. */
export function AdminPage() {
  // `/admin` and `/admin/agreements` both show agreements: the only admin page built so far.
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Admin</h1>
      </div>
      <nav className="subnav" aria-label="Admin pages">
        <a href={`#${ADMIN.path}/agreements`} className="subnav-link" aria-current="page">Data-sharing agreements</a>
        <span className="subnav-later" title="Not in the console yet">
          Users, API tokens and protocol versions: <code>npx continuum --help</code>
        </span>
      </nav>
      <AgreementsPage />
    </section>
  );
}
