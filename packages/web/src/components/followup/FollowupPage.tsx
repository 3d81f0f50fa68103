import type { SessionView } from '@continuum/sdk';
import { CaseloadPage } from './CaseloadPage.tsx';
import { EpisodePage } from './EpisodePage.tsx';
import './followup.css';

/** The follow-up area: `/follow-up` is the caseload, `/follow-up/<episode id>` one episode. */
export function FollowupPage({ path, session }: { path: string; session: SessionView }) {
  const id = path.split('?')[0]!.replace(/^\/follow-up\/?/, '');
  if (id) return <EpisodePage key={id} id={id} me={session.user.id} />;
  return <CaseloadPage canManage={session.abilities.includes('followup.manage')} />;
}
