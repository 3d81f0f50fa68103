import type { FeedStatus, SessionView } from '@continuum/sdk';
import { INTAKE } from '../../areas.ts';
import { CallScreen } from '../handoff/CallScreen.tsx';
import { HandoffInbox } from '../handoff/HandoffInbox.tsx';
import { NewCallForm } from './NewCallForm.tsx';
import { ResumeList } from './ResumeList.tsx';
import './intake.css';

interface IntakePageProps {
  path: string;
  session: SessionView;
  feedStatus: FeedStatus;
}

/** Intake: `/intake` takes a new call, `/intake/<id>` runs its guided interview. */
export function IntakePage({ path, session, feedStatus }: IntakePageProps) {
  const id = path.startsWith(`${INTAKE.path}/`) ? decodeURIComponent(path.slice(INTAKE.path.length + 1)) : '';
  // A key per call: the next call starts from a clean screen, not the last one's state.
  if (id) return <CallScreen key={id} id={id} abilities={session.abilities} />;
  if (!session.abilities.includes('incident.create')) {
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">Intake</h1>
        <p className="empty" data-testid="intake-not-allowed">
          Your role does not take crisis calls. Telecommunicators, 988 counsellors, crisis dispatchers and supervisors do; calls
          they take appear under Incidents (g i).
        </p>
      </section>
    );
  }
  return (
    <section className="page intake-new" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Intake</h1>
      </div>
      {session.abilities.includes('handoff.receive') && <HandoffInbox />}
      <div className="intake-grid">
        <NewCallForm role={session.role} regionId={session.regionId} />
        <ResumeList session={session} feedStatus={feedStatus} />
      </div>
    </section>
  );
}
