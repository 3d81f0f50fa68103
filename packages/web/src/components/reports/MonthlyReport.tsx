import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { RacReport, SessionView } from '@continuum/contracts';
import { isDrillable } from '@continuum/domain';
import { useClient } from '../../client-context.tsx';
import { navigate } from '../../router.ts';
import { CellCalls, type DrilledCell } from './CellCalls.tsx';
import { Chart } from './Chart.tsx';
import { DistrictMap } from './DistrictMap.tsx';
import { formatMonth } from '../../datetime.ts';
import { cellText, lastMonth, monthsEnding, valueOf, words } from './report-format.ts';

export const RAC_KEY = ['rac-report'] as const;
const ENTRY_POINTS = ['911', '988', 'direct', 'cares'];
/** The `simulated` switch every report shares (ADR 0037): leave out, add, or only. */
const SIMULATED = [['', 'Left out'], ['include', 'Included'], ['only', 'Only simulated']] as const;

interface Filters { month: string; district: string; entryPoint: string; simulated: string }

/** The filters live in the route, so a month's view can be bookmarked and shared. */
function readFilters(path: string, now: Date): Filters {
  const q = new URLSearchParams(path.split('?')[1] ?? '');
  const simulated = q.get('simulated') ?? '';
  return {
    month: q.get('month') ?? lastMonth(now), district: q.get('district') ?? '', entryPoint: q.get('entryPoint') ?? '',
    simulated: simulated === 'include' || simulated === 'only' ? simulated : '',
  };
}

const filtersPath = (f: Filters) => `/reports?${new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString()}`;

/** The month's RAC report: filters, the trend and response-time charts, every table, downloads. */
export function MonthlyReport({ path, session }: { path: string; session: SessionView }) {
  const client = useClient();
  const filters = useMemo(() => readFilters(path, new Date()), [path]);
  const query = {
    region: session.regionId, month: filters.month,
    ...(filters.district ? { district: filters.district } : {}),
    ...(filters.entryPoint ? { entryPoint: filters.entryPoint } : {}),
    ...(filters.simulated ? { simulated: filters.simulated as 'include' | 'only' } : {}),
  };
  // Every read is audited (ADR 0040): read when asked, not whenever the window regains focus.
  const report = useQuery({ queryKey: [...RAC_KEY, query], queryFn: ({ signal }) => client.racReport(query, { signal }), staleTime: Infinity, refetchOnWindowFocus: false, retry: false });
  const trendMonths = monthsEnding(filters.month, 6);
  const trend = useQueries({
    queries: trendMonths.map((month) => ({
      queryKey: [...RAC_KEY, { ...query, month }],
      queryFn: ({ signal }: { signal: AbortSignal }) => client.racReport({ ...query, month }, { signal }),
      staleTime: Infinity, refetchOnWindowFocus: false, retry: false,
    })),
  });
  const r = report.data;
  const districts = useMemo(() => (r?.tables.find((t) => t.id === 'equity_district')?.rows.map((x) => x.keys[0]!).filter((k) => k !== 'all') ?? []), [r]);
  // The region's districts: their names on screen (never an id) and the map's boundaries.
  const geo = useQuery({ queryKey: ['report-districts'], queryFn: ({ signal }) => client.reportDistricts({ signal }), staleTime: 10 * 60_000, refetchOnWindowFocus: false });
  const names = useMemo(() => new Map((geo.data?.features ?? []).map((f) => [f.properties.id, f.properties.name])), [geo.data]);
  const districtName = (id: string) => (id === 'unplaced' ? 'Not in any district' : names.get(id) ?? 'A district no longer on record');
  // Supervisors drill from a count to the calls behind it (issue 14 §3); analysts read aggregates only.
  const [cell, setCell] = useState<DrilledCell | null>(null);
  const drill = session.role === 'supervisor' ? setCell : undefined;
  // Other filters, other figures: a list from the last ones would not be theirs.
  useEffect(() => setCell(null), [path]);
  const set = (patch: Partial<typeof filters>) => navigate(filtersPath({ ...filters, ...patch }));

  return (
    <>
      <div className="page-head">
        <h1 id="page-title">RAC monthly report</h1>
        <div className="export-links no-print" role="group" aria-label="Download this month's report">
          <a className="button" href={client.racReportUrl({ ...query, format: 'csv' })} download data-testid="rac-download-csv">Download CSV</a>
          <a className="button" href={client.racReportUrl({ ...query, format: 'xlsx' })} download data-testid="rac-download-xlsx">Download XLSX</a>
          <a className="button" href={client.racReportUrl({ ...query, format: 'pdf' })} download data-testid="rac-download-pdf">Download PDF</a>
          <button type="button" className="button" onClick={() => window.print()}>Print</button>
        </div>
      </div>
      {r && (
        <p className="report-subtitle" data-testid="rac-subtitle">
          {r.regionName ?? r.regionId} · {formatMonth(r.from)}{r.scope === 'agency' && r.agencyId ? ` · ${session.agency.name}` : ''}
        </p>
      )}
      <p className="muted page-lede" data-testid="rac-suppression-note">
        {session.role === 'supervisor'
          ? 'Your agency’s calls (received by it, or a unit of it sent), every count as it is: small cells are not suppressed, so this copy is not for publication.'
          : 'Every call of the region. Counts from 1 to 10, and any count that would give one away, are shown as “–”.'}{' '}
        A month is reported once it has ended.
      </p>
      <form className="report-filters no-print" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>Month <input type="month" value={filters.month} onChange={(e) => e.target.value && set({ month: e.target.value })} data-testid="rac-month" /></label>
        <label>District
          <select value={filters.district} onChange={(e) => set({ district: e.target.value })} data-testid="rac-district">
            <option value="">All districts</option>
            {[...new Set([...names.keys(), ...districts.filter((d) => d !== 'unplaced'), ...(filters.district ? [filters.district] : [])])].map((d) => <option key={d} value={d}>{districtName(d)}</option>)}
          </select>
        </label>
        <label>Entry point
          <select value={filters.entryPoint} onChange={(e) => set({ entryPoint: e.target.value })} data-testid="rac-entry-point">
            <option value="">All entry points</option>
            {ENTRY_POINTS.map((p) => <option key={p} value={p}>{p === 'cares' ? 'CARES' : p}</option>)}
          </select>
        </label>
        <label>Simulated calls
          <select value={filters.simulated} onChange={(e) => set({ simulated: e.target.value })} data-testid="rac-simulated">
            {SIMULATED.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </label>
      </form>
      {report.isPending && <p className="empty">Loading the report…</p>}
      {report.isError && <div className="empty empty-error" role="alert" data-testid="rac-error"><p>The report could not be loaded: {report.error.message}</p></div>}
      {r && (
        <>
          <p className="report-summary" data-testid="rac-summary">
            {r.month}: <strong>{r.calls === null ? 'a suppressed number of' : r.calls.toLocaleString('en-US')}</strong> calls{r.filters.district ? ` in ${districtName(r.filters.district)}` : ''}{r.filters.entryPoint ? ` from ${r.filters.entryPoint}` : ''}{r.simulated === 'include' ? ', simulated calls included' : r.simulated === 'only' ? ', simulated calls only' : ''}.
          </p>
          <div className="report-charts">
            <TrendChart months={trendMonths} reports={trend.map((q) => q.data)} />
            <ResponseTimeChart report={r} />
            {geo.data && geo.data.features.length > 0 && <DistrictMap report={r} districts={geo.data} />}
          </div>
          {drill && <p className="muted no-print">Choose a count to list the calls behind it.</p>}
          {r.tables.map((t) => (
            <ReportTableView key={t.id} table={t} keyLabel={(dim, k) => (dim === 'district' ? (k === 'all' ? 'All' : districtName(k)) : words(k))} onDrill={drill}>
              {cell?.table === t.id && <CellCalls cell={cell} query={query} onClose={() => setCell(null)} />}
            </ReportTableView>
          ))}
          <section className="report-missing">
            <h2>Not recorded yet</h2>
            <ul>{r.missing.map((m) => <li key={m}>{m}</li>)}</ul>
          </section>
        </>
      )}
    </>
  );
}

function TrendChart({ months, reports }: { months: string[]; reports: (RacReport | undefined)[] }) {
  const option = useMemo(() => {
    const team = (r: RacReport | undefined, given: string) => {
      const t = r?.tables.find((x) => x.id === 'equity_age_band');
      return t ? valueOf(t, ['all'], given) ?? null : null;
    };
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', name: 'calls' },
      series: [
        { name: 'Calls', type: 'line', data: reports.map((r) => r?.calls ?? null) },
        { name: 'Crisis team', type: 'line', data: reports.map((r) => team(r, 'crisis_team')) },
        { name: 'Police', type: 'line', data: reports.map((r) => team(r, 'police')) },
      ],
    };
  }, [months, reports]);
  return (
    <figure className="report-figure">
      <figcaption>Monthly trend: calls, crisis-team and police responses</figcaption>
      <Chart option={option} label={`Calls by month, ${months[0]} to ${months.at(-1)}`} testId="rac-trend-chart" />
    </figure>
  );
}

function ResponseTimeChart({ report }: { report: RacReport }) {
  const option = useMemo(() => {
    const t = report.tables.find((x) => x.id === 'response_time_level');
    const rows = t?.rows.filter((x) => x.keys[0] !== 'all') ?? [];
    const m = (name: string) => rows.map((x) => x.values[t!.measures.indexOf(name)] ?? null);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: rows.map((x) => `Level ${x.keys[0]}`) },
      yAxis: [{ type: 'value', name: 'minutes' }, { type: 'value', name: 'within max', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }],
      series: [
        { name: 'Median', type: 'bar', data: m('median_minutes') },
        { name: '90th percentile', type: 'bar', data: m('p90_minutes') },
        { name: 'Share within the maximum', type: 'line', yAxisIndex: 1, data: m('share_within') },
      ],
    };
  }, [report]);
  return (
    <figure className="report-figure">
      <figcaption>Response time, dispatch-ready to on scene, against the maximum</figcaption>
      <Chart option={option} label="Median and 90th percentile response minutes and the share within the maximum, by risk level" testId="rac-response-chart" />
    </figure>
  );
}

function ReportTableView({ table, keyLabel, onDrill, children }: {
  table: RacReport['tables'][number];
  keyLabel: (dimension: string, key: string) => string;
  onDrill?: ((cell: DrilledCell) => void) | undefined;
  children?: ReactNode;
}) {
  return (
    <section className="report-table" aria-labelledby={`rt-${table.id}`} data-testid={`rac-table-${table.id}`}>
      <h2 id={`rt-${table.id}`}>{table.title}</h2>
      {table.rows.length <= 1 ? (
        <p className="muted">No calls counted here this month.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead><tr>{[...table.dimensions, ...table.measures].map((h, i) => <th key={h} scope="col" className={i >= table.dimensions.length ? 'num' : undefined}>{words(h)}</th>)}</tr></thead>
            <tbody>
              {table.rows.map((row) => {
                const rowLabel = row.keys.map((k, i) => keyLabel(table.dimensions[i]!, k)).join(' · ');
                return (
                  <tr key={row.keys.join('|')} className={row.keys.every((k) => k === 'all') ? 'total-row' : undefined}>
                    {row.keys.map((k, i) => <th key={i} scope="row">{keyLabel(table.dimensions[i]!, k)}</th>)}
                    {row.values.map((v, i) => {
                      const measure = table.measures[i]!;
                      const text = cellText(measure, v);
                      // A count of calls opens the calls behind it; a statistic or a zero has none to show.
                      return (
                        <td key={i} className="num">
                          {onDrill && v !== null && v > 0 && isDrillable(table.id, measure) ? (
                            <button
                              type="button" className="cell-drill" data-testid="rac-cell"
                              aria-label={`${text} ${words(measure)}, ${rowLabel}: list the calls`}
                              onClick={() => onDrill({ table: table.id, title: table.title, keys: row.keys, measure, rowLabel })}
                            >{text}</button>
                          ) : text}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {children}
      {table.note && <p className="muted">{table.note}</p>}
    </section>
  );
}
