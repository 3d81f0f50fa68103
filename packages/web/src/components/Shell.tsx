import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FeedStatus, MetaView, SessionView } from '@continuum/sdk';
import { ADMIN, areasFor, AUDIT, DISPATCH, FACILITIES, FIELD, findArea, FOLLOW_UP, homeArea, INCIDENTS, INTAKE, PEOPLE, PLANNING, PRIVACY_ALERTS, REPORTS, TRAINING, type Area } from '../areas.ts';
import { redirect, useRoutePath } from '../router.ts';
import { FeedContext } from '../feed-context.tsx';
import { useLiveFeed } from '../use-live-feed.ts';
import { useShortcuts } from '../use-shortcuts.ts';
import { AdminPage } from './admin/AdminPage.tsx';
import { AreaPlaceholder } from './AreaPlaceholder.tsx';
import { AuditPage } from './audit/AuditPage.tsx';
import { DispatchBoard } from './dispatch/DispatchBoard.tsx';
import { UnitPage, unitIdOf } from './dispatch/UnitPage.tsx';
import { FieldPage } from './field/FieldPage.tsx';
import { FacilitiesPage } from './facilities/FacilitiesPage.tsx';
import { TrainingPage } from './training/TrainingPage.tsx';
import { FollowupPage } from './followup/FollowupPage.tsx';
import { Header } from './Header.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { IncidentsPage } from './IncidentsPage.tsx';
import { IntakePage } from './intake/IntakePage.tsx';
import { PersonPage } from './people/PersonPage.tsx';
import { ReportsPage } from './reports/ReportsPage.tsx';
import { PlanningPage } from './planning/PlanningPage.tsx';
import { Nav } from './Nav.tsx';
import { PrivacyAlertsPage } from './audit/PrivacyAlertsPage.tsx';

interface ShellProps {
  session: SessionView;
  meta: MetaView | undefined;
  onSignOut: () => Promise<void>;
}

/** The signed-in console: header, navigation, the current area, and the live feed under it all. */
export function Shell({ session, meta, onSignOut }: ShellProps) {
  const path = useRoutePath();
  const areas = useMemo(() => areasFor(session.abilities, session.role), [session.abilities, session.role]);
  const home = homeArea(areas, session.role);
  // A path this person may not use (a bookmark, another role's link) lands on their home area.
  const area = findArea(path, areas) ?? home ?? null;
  useEffect(() => {
    if (!findArea(path, areas) && home) redirect(home.path);
  }, [path, areas, home]);
  const live = useLiveFeed();
  const feedStatus = live.status;
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts({ onHelp: openHelp, areas });

  return (
    <FeedContext.Provider value={live}>
    <div className={area?.id === FIELD.id ? 'shell shell-field' : 'shell'} data-testid="app-shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <Header session={session} meta={meta} feedStatus={feedStatus} onSignOut={onSignOut} onHelp={openHelp} />
      <div className="shell-body">
        <Nav areas={areas} current={area} />
        <main id="main" className="main" tabIndex={-1} data-testid={`area-${area?.id ?? 'none'}`}>
          {area ? (
            <AreaContent area={area} path={path} session={session} meta={meta} feedStatus={feedStatus} />
          ) : (
            <p className="empty">Your account has no area of the console to use yet. Ask an administrator to check your role.</p>
          )}
        </main>
      </div>
      <HelpOverlay open={helpOpen} areas={areas} abilities={session.abilities} onClose={() => setHelpOpen(false)} />
    </div>
    </FeedContext.Provider>
  );
}

function AreaContent({ area, path, session, meta, feedStatus }: { area: Area; path: string; session: SessionView; meta: MetaView | undefined; feedStatus: FeedStatus }) {
  if (area.id === INCIDENTS.id) return <IncidentsPage path={path} session={session} feedStatus={feedStatus} />;
  if (area.id === INTAKE.id) return <IntakePage path={path} session={session} feedStatus={feedStatus} />;
  const unitId = area.id === DISPATCH.id ? unitIdOf(path) : null;
  if (unitId) return <UnitPage unitId={unitId} />;
  if (area.id === DISPATCH.id) return <DispatchBoard session={session} meta={meta} feedStatus={feedStatus} />;
  if (area.id === PEOPLE.id) return <PersonPage path={path} />;
  if (area.id === AUDIT.id) return <AuditPage path={path} />;
  if (area.id === PRIVACY_ALERTS.id) return <PrivacyAlertsPage session={session} feedStatus={feedStatus} />;
  if (area.id === ADMIN.id) return <AdminPage path={path} session={session} />;
  if (area.id === FIELD.id) return <FieldPage path={path} session={session} />;
  if (area.id === FACILITIES.id) return <FacilitiesPage />;
  if (area.id === TRAINING.id) return <TrainingPage session={session} />;
  if (area.id === FOLLOW_UP.id) return <FollowupPage path={path} session={session} />;
  if (area.id === REPORTS.id) return <ReportsPage path={path} session={session} />;
  if (area.id === PLANNING.id) return <PlanningPage />;
  return <AreaPlaceholder area={area} />;
}
