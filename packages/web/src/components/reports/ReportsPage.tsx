import type { SessionView } from '@continuum/contracts';
import { navigate } from '../../router.ts';
import { DashboardView } from './DashboardView.tsx';
import { MonthlyReport } from './MonthlyReport.tsx';
import './reports.css';

/**
 * Reports (issue 14 §3): the RAC's monthly report for analysts, RAC members and supervisors, and
 * the supervisors' live dashboard at `/reports/dashboard`.
 */
export function ReportsPage({ path, session }: { path: string; session: SessionView }) {
  const supervisor = session.role === 'supervisor';
  const onDashboard = supervisor && path.split('?')[0] === '/reports/dashboard';
  return (
    <section className="page reports-page" aria-labelledby="page-title">
      {supervisor && (
        <nav className="report-tabs" aria-label="Reports">
          <button type="button" className={onDashboard ? 'button button-primary' : 'button'} aria-current={onDashboard ? 'page' : undefined} onClick={() => navigate('/reports/dashboard')} data-testid="reports-tab-dashboard">Live dashboard</button>
          <button type="button" className={!onDashboard ? 'button button-primary' : 'button'} aria-current={!onDashboard ? 'page' : undefined} onClick={() => navigate('/reports')} data-testid="reports-tab-monthly">Monthly report</button>
        </nav>
      )}
      {onDashboard ? <DashboardView /> : <MonthlyReport path={path} session={session} />}
    </section>
  );
}
