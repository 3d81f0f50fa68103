import { useCallback, useState } from 'react';
import type { MetaView, SessionView } from '@continuum/sdk';
import { findArea, INCIDENTS } from '../areas.ts';
import { useRoutePath } from '../router.ts';
import { useLiveFeed } from '../use-live-feed.ts';
import { useShortcuts } from '../use-shortcuts.ts';
import { AreaPlaceholder } from './AreaPlaceholder.tsx';
import { Header } from './Header.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { IncidentsPage } from './IncidentsPage.tsx';
import { Nav } from './Nav.tsx';

interface ShellProps {
  session: SessionView;
  meta: MetaView | undefined;
  onSignOut: () => Promise<void>;
}

/** The signed-in console: header, navigation, the current area, and the live feed under it all. */
export function Shell({ session, meta, onSignOut }: ShellProps) {
  const area = findArea(useRoutePath());
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
          {area.id === INCIDENTS.id ? <IncidentsPage feedStatus={feedStatus} /> : <AreaPlaceholder area={area} />}
        </main>
      </div>
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
