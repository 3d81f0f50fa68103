import { useEffect } from 'react';
import type { Permission } from '@continuum/domain';
import type { SessionView } from '@continuum/sdk';
import { ADMIN } from '../../areas.ts';
import { redirect } from '../../router.ts';
import { AgenciesPage } from './AgenciesPage.tsx';
import { AgreementsPage } from './AgreementsPage.tsx';
import { CadLinksPage } from './CadLinksPage.tsx';
import { DistrictsPage } from './DistrictsPage.tsx';
import { FacilityDirectoryPage } from './FacilityDirectoryPage.tsx';
import { ProtocolsPage } from './ProtocolsPage.tsx';
import { RegionsPage } from './RegionsPage.tsx';
import { TokensPage } from './TokensPage.tsx';
import { UnitsPage } from './UnitsPage.tsx';
import { UsersPage } from './UsersPage.tsx';
import '../intake/intake.css';
import './admin.css';

/** One page of the Admin area: `#/admin/<id>`, offered only to those who hold its permission. */
interface AdminSection {
  id: string;
  label: string;
  permission: Permission;
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { id: 'users', label: 'Users', permission: 'user.manage' },
  { id: 'tokens', label: 'API tokens', permission: 'token.manage' },
  { id: 'regions', label: 'Regions', permission: 'organisation.manage' },
  { id: 'agencies', label: 'Agencies', permission: 'organisation.manage' },
  { id: 'units', label: 'Units', permission: 'organisation.manage' },
  { id: 'districts', label: 'Police districts', permission: 'organisation.manage' },
  { id: 'protocols', label: 'Protocol versions', permission: 'protocol.manage' },
  { id: 'facilities', label: 'Facility directory', permission: 'facility.manage' },
  { id: 'agreements', label: 'Sharing agreements', permission: 'agreement.manage' },
  { id: 'cad-links', label: 'CAD links', permission: 'user.manage' },
];

/** The section a path names (`/admin/users?…` → users), or null for `/admin` or an unknown one. */
export function sectionOf(path: string, sections: readonly AdminSection[]): AdminSection | null {
  const id = path.split('?')[0]!.slice(ADMIN.path.length + 1).split('/')[0];
  return sections.find((s) => s.id === id) ?? null;
}

/** Administration: accounts, tokens, the region's organisation, protocols, facilities, agreements and CAD links, each deep-linkable. */
export function AdminPage({ path, session }: { path: string; session: SessionView }) {
  const sections = ADMIN_SECTIONS.filter((s) => session.abilities.includes(s.permission));
  const section = sectionOf(path, sections);
  const first = sections[0];
  // `/admin`, or a section this account may not use, shows the first one it may. The path is a
  // dependency: landing from `/` passes through `/admin` after this page first rendered.
  useEffect(() => {
    if (!section && first) redirect(`${ADMIN.path}/${first.id}`);
  }, [section, first, path]);
  const shown = section ?? first;

  return (
    <section className="page admin" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Admin</h1>
      </div>
      <nav className="subnav" aria-label="Admin pages" data-testid="admin-subnav">
        {sections.map((s) => (
          <a key={s.id} href={`#${ADMIN.path}/${s.id}`} className="subnav-link" aria-current={s.id === shown?.id ? 'page' : undefined} data-testid={`admin-nav-${s.id}`}>
            {s.label}
          </a>
        ))}
      </nav>
      {shown?.id === 'users' && <UsersPage session={session} />}
      {shown?.id === 'tokens' && <TokensPage session={session} />}
      {shown?.id === 'regions' && <RegionsPage />}
      {shown?.id === 'agencies' && <AgenciesPage />}
      {shown?.id === 'units' && <UnitsPage />}
      {shown?.id === 'districts' && <DistrictsPage session={session} />}
      {shown?.id === 'protocols' && <ProtocolsPage session={session} />}
      {shown?.id === 'facilities' && <FacilityDirectoryPage />}
      {shown?.id === 'agreements' && <div data-testid="admin-agreements"><AgreementsPage /></div>}
      {shown?.id === 'cad-links' && <CadLinksPage />}
    </section>
  );
}
