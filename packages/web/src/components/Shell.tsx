import { useCallback, useState } from 'react';
import type { FeedStatus, MetaView, SessionView } from '@continuum/sdk';
import { findArea, INCIDENTS, INTAKE, type Area } from '../areas.ts';
import { useRoutePath } from '../router.ts';
import { useLiveFeed } from '../use-live-feed.ts';
import { useShortcuts } from '../use-shortcuts.ts';
import { AreaPlaceholder } from './AreaPlaceholder.tsx';
import { Header } from './Header.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { IncidentsPage } from './IncidentsPage.tsx';
import { IntakePage } from './intake/IntakePage.tsx';
import { Nav } from './Nav.tsx';

interface ShellProps {
  session: SessionView;
  meta: MetaView | undefined;
  onSignOut: () => Promise<void>;
}

/** The signed-in console: header, navigation, the current area, and the live feed under it all. */
export function Shell({ session, meta, onSignOut }: ShellProps) {
  const path = useRoutePath();
  const area = findArea(path);
  const feedStatus = useLiveFeed();
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts({ onHelp: openHelp });

  return (
    <div className="shell" data-testid="app-shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <Header session={session} meta={meta} feedStatus={feedStatus} onSignOut={onSignOut} onHelp={openHelp} />
      <div className="shell-body">
        <Nav current={area} />
        <main id="main" className="main" tabIndex={-1} data-testid={`area-${area.id}`}>
          <AreaContent area={area} path={path} session={session} feedStatus={feedStatus} />
        </main>
      </div>
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

function AreaContent({ area, path, session, feedStatus }: { area: Area; path: string; session: SessionView; feedStatus: FeedStatus }) {
  if (area.id === INCIDENTS.id) return <IncidentsPage feedStatus={feedStatus} />;
  if (area.id === INTAKE.id) return <IntakePage path={path} session={session} feedStatus={feedStatus} />;
  return <AreaPlaceholder area={area} />;
}
