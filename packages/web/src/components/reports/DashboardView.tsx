import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../client-context.tsx';
import { formatTime, zoneName } from '../../datetime.ts';
import { DASHBOARD_KEY } from '../../use-live-feed.ts';
import { words } from './report-format.ts';

const minutes = (s: number | null) => (s === null ? '–' : s < 3600 ? `${Math.round(s / 60)} min` : s < 172_800 ? `${Math.round(s / 360) / 10} h` : `${Math.round(s / 86_400)} days`);

/**
 * The supervisor's live dashboard (issue 14 §3): refetched whenever the feed says a call, a unit
 * or a hand-off changed, and every half minute so the waits keep counting.
 */
export function DashboardView() {
  const client = useClient();
  const dash = useQuery({ queryKey: DASHBOARD_KEY, queryFn: ({ signal }) => client.dashboard({ signal }), refetchInterval: 30_000 });
  const d = dash.data;
  return (
    <>
      <div className="page-head"><h1 id="page-title">Live dashboard</h1></div>
      {dash.isPending && <p className="empty">Loading the dashboard…</p>}
      {dash.isError && <div className="empty empty-error" role="alert"><p>The dashboard could not be loaded: {dash.error.message}</p></div>}
      {d && (
        <>
          <p className="muted page-lede" data-testid="dashboard-at">As of {formatTime(d.at)} ({zoneName(d.at)}), updated live.</p>
          <div className="dash-cards">
            <Card label="Calls today" value={d.callsToday.toLocaleString('en-US')} testId="dash-calls-today" />
            <Card label="Past the maximum, nobody on scene" value={String(d.breaches.count)} detail={d.breaches.longestOverSeconds !== null ? `longest ${minutes(d.breaches.longestOverSeconds)} over` : undefined} alert={d.breaches.count > 0} testId="dash-breaches" />
            <Card label="Hand-offs waiting" value={String(d.handoffsWaiting.count)} detail={d.handoffsWaiting.oldestWaitSeconds !== null ? `oldest ${minutes(d.handoffsWaiting.oldestWaitSeconds)}` : undefined} testId="dash-handoffs" />
          </div>
          <div className="dash-grid">
            <DashTable title="Today’s calls by status" head={['Status', 'Calls']} rows={d.byStatus.map((s) => [words(s.status), String(s.count)])} testId="dash-status" />
            <DashTable title="Oldest waits by queue" head={['Queue', 'Waiting', 'Oldest wait']} rows={d.queues.map((q) => [words(q.queue), String(q.waiting), minutes(q.oldestWaitSeconds)])} testId="dash-queues" />
            <DashTable title="Units by status" head={['Status', 'Units']} rows={d.unitsByStatus.map((u) => [words(u.status), String(u.count)])} testId="dash-units" />
          </div>
        </>
      )}
    </>
  );
}

function Card({ label, value, detail, alert, testId }: { label: string; value: string; detail?: string | undefined; alert?: boolean; testId: string }) {
  return (
    <div className={alert ? 'dash-card dash-card-alert' : 'dash-card'} data-testid={testId}>
      <span className="dash-card-label">{label}</span>
      <strong className="dash-card-value">{value}</strong>
      {detail && <span className="muted">{detail}</span>}
    </div>
  );
}

function DashTable({ title, head, rows, testId }: { title: string; head: string[]; rows: string[][]; testId: string }) {
  return (
    <section className="report-table" data-testid={testId}>
      <h2>{title}</h2>
      {rows.length === 0 ? <p className="muted">None.</p> : (
        <table className="data-table">
          <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
          <tbody>{rows.map((r) => <tr key={r[0]}>{r.map((c, i) => (i === 0 ? <th key={i} scope="row">{c}</th> : <td key={i} className="num">{c}</td>))}</tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
