import { useState } from 'react';
import { ROLE_LABELS } from '@continuum/domain';
import type { FeedStatus, MetaView, SessionView } from '@continuum/sdk';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { HandoffBadge } from './handoff/HandoffBadge.tsx';

interface HeaderProps {
  session: SessionView;
  meta: MetaView | undefined;
  feedStatus: FeedStatus;
  onSignOut: () => Promise<void>;
  onHelp: () => void;
}

/** Who is signed in, as what, for which agency; the feed's state; help and sign-out. */
export function Header({ session, meta, feedStatus, onSignOut, onHelp }: HeaderProps) {
  const [signingOut, setSigningOut] = useState(false);
  const signOut = async () => {
    setSigningOut(true);
    try {
      await onSignOut();
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <header className="header" data-testid="app-header">
      <div className="header-brand">
        <span className="brand">Continuum</span>
        {meta?.region && <span className="header-region" title={meta.region.name}>{meta.region.name}</span>}
        {meta?.demo && <span className="tag tag-demo" title="Demo data only: no real people">Demo</span>}
      </div>
      <ConnectionIndicator status={feedStatus} subscribes={session.abilities.includes('feed.subscribe')} />
      <div className="header-user" data-testid="header-user">
        <span>
          <span className="header-name" data-testid="header-name">{session.user.displayName}</span>
          {' · '}
          <span data-testid="header-role">{ROLE_LABELS[session.role]}</span>
        </span>
        <span className="header-detail" data-testid="header-agency" title={session.agency.name}>{session.agency.name}</span>
      </div>
      <div className="header-actions">
        {session.abilities.includes('handoff.receive') && <HandoffBadge />}
        <button type="button" className="button" onClick={onHelp} aria-keyshortcuts="?" data-testid="help-button">
          Shortcuts <kbd>?</kbd>
        </button>
        <button type="button" className="button" onClick={signOut} disabled={signingOut} data-testid="signout-button">
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </header>
  );
}
