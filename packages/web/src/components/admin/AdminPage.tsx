import { ADMIN } from '../../areas.ts';
import { AgreementsPage } from './AgreementsPage.tsx';
import { CadLinksPage } from './CadLinksPage.tsx';
import { useRoutePath } from '../../router.ts';
import './admin.css';

/** Administration. Agreements are built; the rest is named with the command that does it today. */
export function AdminPage() {
  const cadLinks = useRoutePath() === `${ADMIN.path}/cad-links`;
  // `/admin` and `/admin/agreements` both show agreements: the only admin page built so far.
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Admin</h1>
      </div>
      <nav className="subnav" aria-label="Admin pages">
        <a href={`#${ADMIN.path}/agreements`} className="subnav-link" aria-current={cadLinks ? undefined : 'page'}>Data-sharing agreements</a>
        <a href={`#${ADMIN.path}/cad-links`} className="subnav-link" aria-current={cadLinks ? 'page' : undefined}>CAD links</a>
        <span className="subnav-later" title="Not in the console yet">
          Users, API tokens and protocol versions: <code>npx continuum --help</code>
        </span>
      </nav>
      {cadLinks ? <CadLinksPage /> : <AgreementsPage />}
    </section>
  );
}
