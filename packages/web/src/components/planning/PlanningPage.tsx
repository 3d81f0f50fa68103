import { useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { PlanningRun, PlanningScenario, SimFigures } from '@continuum/contracts';
import { ApiError } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { modelLabel } from '../../unit-labels.ts';
import { agencyKindLabel } from '../admin/organisation-labels.ts';
import { Chart } from '../reports/Chart.tsx';
import '../reports/reports.css';
import './planning.css';
import { count, delta, emptyDraft, hasChanges, hourLabel, minutes, missesByHour, pct, queryOf, SHIFT_LABELS, standing, utilisationByHour, worstHours, type Draft } from './planning-format.ts';

export const PLANNING_SCENARIO_KEY = ['planning-scenario'] as const;
const DAY_CHOICES = [7, 30, 90, 180, 365];

/**
 * Planning (issue 13 §3-4): the region's digital twin for supervisors and the RAC. Run the
 * region's scenario on its own plans, see where and when it misses its maximum, change it (add a
 * team, move a base, change a maximum, open the Living Room around the clock) and run both side
 * by side on the same simulated calls. Every figure is of simulated calls, never real ones.
 */
export function PlanningPage() {
  const client = useClient();
  const scenario = useQuery({ queryKey: PLANNING_SCENARIO_KEY, queryFn: ({ signal }) => client.planningScenario({ signal }), staleTime: Infinity, refetchOnWindowFocus: false, retry: false });
  const s = scenario.data;
  return (
    <section className="page planning-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Planning</h1>
      </div>
      <p className="muted page-lede">
        The region’s digital twin: simulated calls put through your region’s own protocol, plans and teams. Nothing here is a real call.
      </p>
      {scenario.isPending && <p className="empty">Loading your region’s scenario…</p>}
      {scenario.isError && (
        scenario.error instanceof ApiError && scenario.error.status === 404 ? (
          <div className="empty" data-testid="planning-no-scenario">
            <p>No planning scenario is kept for your region yet.</p>
            <p className="muted">An administrator describes the region’s teams, shifts and facilities in a scenario file (packages/sim/scenarios/README.md); it then appears here.</p>
          </div>
        ) : (
          <div className="empty empty-error" role="alert"><p>The scenario could not be loaded: {scenario.error.message}</p></div>
        )
      )}
      {s && <Planner scenario={s} />}
    </section>
  );
}

function Planner({ scenario }: { scenario: PlanningScenario }) {
  const client = useClient();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(scenario.limits.defaultDays));
  const [run, setRun] = useState<PlanningRun | null>(null);
  const [lastQuery, setLastQuery] = useState<ReturnType<typeof queryOf> | null>(null);
  const [progress, setProgress] = useState<{ stage: 'baseline' | 'changed'; done: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const running = progress !== null;

  const start = async (d: Draft) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const query = queryOf(d);
    setError(null);
    setProgress({ stage: 'baseline', done: 0 });
    try {
      const result = await client.planningRun(query, (stage, done) => setProgress({ stage, done }), { signal: controller.signal });
      setRun(result);
      setLastQuery(query);
    } catch (e) {
      if (!controller.signal.aborted) setError(e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.message).join('; ') : (e as Error).message);
    } finally {
      if (abort.current === controller) setProgress(null);
    }
  };
  const stop = () => {
    abort.current?.abort();
    setProgress(null);
  };

  return (
    <>
      <details className="planning-scenario" data-testid="planning-scenario">
        <summary><strong>{scenario.name}</strong>: {scenario.teams.reduce((a, t) => a + t.count, 0)} teams, {scenario.facilities.length} facilities</summary>
        {scenario.description && <p className="muted">{scenario.description}</p>}
        <ul className="planning-list">
          {scenario.teams.map((t) => <li key={t.id}>{t.name}{t.count > 1 ? ` (${t.count})` : ''}: {modelLabel(t.model)}{t.youth ? ', youth' : ''}, {shiftWords(t.shifts)}, based at {t.base}</li>)}
          {scenario.facilities.map((f) => <li key={f.id}>{f.name}: {agencyKindLabel(f.kind)}, {f.capacity} places, {f.hours === 'always' ? 'open around the clock' : `open ${f.hours.opens}–${f.hours.closes}`}</li>)}
        </ul>
      </details>

      <ChangesForm scenario={scenario} draft={draft} onChange={setDraft} running={running} onRun={() => void start(draft)} onStop={stop} />

      {progress && (
        <div className="planning-progress" role="status" data-testid="planning-progress">
          <span>{progress.stage === 'baseline' ? 'Simulating the region as it is' : 'Simulating the region with your changes'}… {Math.round(progress.done * 100)}%</span>
          <progress max={1} value={progress.done} aria-label="Simulation progress" />
        </div>
      )}
      {error && <div className="empty empty-error" role="alert" data-testid="planning-error"><p>The simulation could not run: {error}</p></div>}
      {!run && !running && !error && (
        <div className="empty" data-testid="planning-empty">
          <p>Nothing simulated yet.</p>
          <p className="muted">Press <strong>Run simulation</strong> to see the region as it is: response times by level, where and when it misses its maximum, and how busy the teams are. Then change something above and run again to compare.</p>
        </div>
      )}
      {run && lastQuery && <Results run={run} downloadUrl={(format) => client.planningRunUrl({ ...lastQuery, format })} />}
    </>
  );
}

const shiftWords = (s: PlanningScenario['teams'][number]['shifts']): string =>
  s === 'always' ? 'around the clock' : s.map((x) => `${x.days.length === 7 ? 'daily' : x.days.map((d) => d[0] + d.slice(1).toLowerCase()).join(', ')} ${x.start}–${x.end}`).join('; ');

function ChangesForm({ scenario, draft, onChange, running, onRun, onStop }: { scenario: PlanningScenario; draft: Draft; onChange: (d: Draft) => void; running: boolean; onRun: () => void; onStop: () => void }) {
  const [shift, setShift] = useState<Draft['add'][number]['shift']>('day');
  const [place, setPlace] = useState(scenario.places[0]?.id ?? '');
  const [team, setTeam] = useState(scenario.teams[0]?.id ?? '');
  const [movePlace, setMovePlace] = useState(scenario.places[0]?.id ?? '');
  const placeLabel = (id: string) => scenario.places.find((p) => p.id === id)?.label ?? id;
  const teamLabel = (id: string) => scenario.teams.find((t) => t.id === id)?.name ?? id;
  const hasLivingRoom = scenario.facilities.some((f) => f.kind === 'living_room');
  return (
    <form className="planning-form" aria-label="Changes to try" onSubmit={(e) => { e.preventDefault(); if (!running) onRun(); }}>
      <fieldset>
        <legend>Add a crisis team</legend>
        <div className="planning-row">
          <label>Shift
            <select value={shift} onChange={(e) => setShift(e.target.value as typeof shift)} data-testid="planning-add-shift">
              {(Object.keys(SHIFT_LABELS) as Array<keyof typeof SHIFT_LABELS>).map((k) => <option key={k} value={k}>{SHIFT_LABELS[k]}</option>)}
            </select>
          </label>
          <label>Based at
            <select value={place} onChange={(e) => setPlace(e.target.value)} data-testid="planning-add-place">
              {scenario.places.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
            </select>
          </label>
          <button type="button" className="button" disabled={draft.add.length >= scenario.limits.maxAdded} onClick={() => onChange({ ...draft, add: [...draft.add, { shift, place }] })} data-testid="planning-add-team">Add team</button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Move a team’s base</legend>
        <div className="planning-row">
          <label>Team
            <select value={team} onChange={(e) => setTeam(e.target.value)} data-testid="planning-move-team">
              {scenario.teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            </select>
          </label>
          <label>To
            <select value={movePlace} onChange={(e) => setMovePlace(e.target.value)} data-testid="planning-move-place">
              {scenario.places.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
            </select>
          </label>
          <button type="button" className="button" onClick={() => onChange({ ...draft, move: [...draft.move.filter((m) => m.team !== team), { team, place: movePlace }] })} data-testid="planning-move-base">Move base</button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Maximum response time (minutes)</legend>
        <div className="planning-row">
          {(['2', '3'] as const).map((level) => (
            <label key={level}>Level {level}
              <input type="number" inputMode="numeric" min={5} max={1440} step={1} placeholder={scenario.maximumMinutes[level] === null ? 'the plan’s' : String(scenario.maximumMinutes[level])}
                value={level === '2' ? draft.max2 : draft.max3} onChange={(e) => onChange({ ...draft, [level === '2' ? 'max2' : 'max3']: e.target.value })} data-testid={`planning-max-${level}`} />
            </label>
          ))}
        </div>
      </fieldset>
      {hasLivingRoom && (
        <label className="planning-check">
          <input type="checkbox" checked={draft.livingRoom} onChange={(e) => onChange({ ...draft, livingRoom: e.target.checked })} data-testid="planning-living-room" />
          Open the Living Room around the clock
        </label>
      )}
      {hasChanges(draft) && (
        <div className="planning-changes" data-testid="planning-changes">
          <strong>Changes to try:</strong>
          <ul>
            {draft.add.map((a, i) => (
              <li key={`a${i}`}>Add a team, {SHIFT_LABELS[a.shift].toLowerCase()}, at {placeLabel(a.place)} <button type="button" className="button-link" onClick={() => onChange({ ...draft, add: draft.add.filter((_, j) => j !== i) })} aria-label={`Remove added team ${i + 1}`}>Remove</button></li>
            ))}
            {draft.move.map((m) => (
              <li key={`m${m.team}`}>Move {teamLabel(m.team)} to {placeLabel(m.place)} <button type="button" className="button-link" onClick={() => onChange({ ...draft, move: draft.move.filter((x) => x.team !== m.team) })} aria-label={`Undo the move of ${teamLabel(m.team)}`}>Remove</button></li>
            ))}
          </ul>
        </div>
      )}
      <div className="planning-row planning-run">
        <label>Days to simulate
          <select value={draft.days} onChange={(e) => onChange({ ...draft, days: Number(e.target.value) })} data-testid="planning-days">
            {DAY_CHOICES.filter((d) => d <= scenario.limits.maxDays).map((d) => <option key={d} value={d}>{d} days</option>)}
          </select>
        </label>
        {running ? (
          <button type="button" className="button" onClick={onStop} data-testid="planning-stop">Stop</button>
        ) : (
          <button type="submit" className="button button-primary" data-testid="planning-run">{hasChanges(draft) ? 'Run with changes' : 'Run simulation'}</button>
        )}
      </div>
    </form>
  );
}

function Results({ run, downloadUrl }: { run: PlanningRun; downloadUrl: (format: 'json' | 'csv') => string }) {
  const b = standing(run.baseline);
  const c = run.changed ? standing(run.changed) : null;
  const hours = worstHours(run.baseline, run.changed);
  return (
    <div className="planning-results" data-testid="planning-results">
      <div className="page-head">
        <h2>{run.days} simulated days{run.changed ? ': as it is, and with your changes' : ''}</h2>
        <div className="export-links" role="group" aria-label="Download the figures">
          <a className="button" href={downloadUrl('json')} download data-testid="planning-download-json">Download JSON</a>
          <a className="button" href={downloadUrl('csv')} download data-testid="planning-download-csv">Download CSV</a>
        </div>
      </div>
      {run.changed && <p className="muted" data-testid="planning-changes-run">With: {run.changes.join('; ')}. Both runs see the same simulated calls (seed {run.seed}).</p>}
      <div className="dash-cards">
        <Card label="Level 2–3 calls" value={count(b.calls)} />
        <Card label="Missed the maximum (level 2–3): a team late, police instead, or no team" value={count(b.misses)} after={c ? `${count(c.misses)} (${delta(b.misses, c.misses)})` : null} alert={b.misses > 0} testId="planning-misses" />
        <Card label="Responders on scene within the maximum" value={pct(b.withinMax)} after={c ? pct(c.withinMax) : null} testId="planning-within" />
        <Card label="Police in place of a crisis team" value={pct(b.policeFallback)} after={c ? pct(c.policeFallback) : null} testId="planning-fallback" />
      </div>

      <section className="report-table" aria-labelledby="pl-why" data-testid="planning-why">
        <h2 id="pl-why">Which hours and which counties miss</h2>
        {hours.length === 0 ? <p className="muted">No level 2–3 call missed its maximum in these days.</p> : (
          <div className="table-scroll">
            <table className="data-table">
              <thead><tr><th scope="col">Hour of day</th><th scope="col" className="num">Missed, as it is</th>{run.changed && <th scope="col" className="num">With changes</th>}</tr></thead>
              <tbody>{hours.map((h) => <tr key={h.hour}><th scope="row">{hourLabel(h.hour)}</th><td className="num">{count(h.base)}</td>{run.changed && <td className="num">{count(h.changed ?? 0)}</td>}</tr>)}</tbody>
            </table>
          </div>
        )}
        <CountyMisses run={run} />
      </section>

      <div className="report-charts">
        <HourChart title="Level 2–3 calls that missed, by hour of day" label="Missed calls by hour of day" testId="planning-misses-chart" base={missesByHour(run.baseline)} changed={run.changed ? missesByHour(run.changed) : null} unit="calls" />
        <HourChart title="Team utilisation by hour of day" label="Share of on-duty team time busy, by hour of day" testId="planning-utilisation-chart" base={utilisationByHour(run.baseline)} changed={run.changed ? utilisationByHour(run.changed) : null} unit="share" />
      </div>

      <div className={run.changed ? 'planning-side' : undefined}>
        <RunTables title="As it is" figures={run.baseline} testId="planning-baseline" />
        {run.changed && <RunTables title="With your changes" figures={run.changed} testId="planning-changed" />}
      </div>
    </div>
  );
}

function Card({ label, value, after, alert, testId }: { label: string; value: string; after?: string | null; alert?: boolean; testId?: string }) {
  return (
    <div className={`dash-card${alert ? ' dash-card-alert' : ''}`} data-testid={testId}>
      <span className="muted">{label}</span>
      <span className="dash-card-value">{value}</span>
      {after !== undefined && after !== null && <span data-testid={testId ? `${testId}-after` : undefined}>With changes: <strong>{after}</strong></span>}
    </div>
  );
}

function CountyMisses({ run }: { run: PlanningRun }) {
  const changedOf = new Map((run.changed?.counties ?? []).map((c) => [c.fips, c]));
  const rows = run.baseline.counties.filter((c) => c.levels23.misses > 0 || (changedOf.get(c.fips)?.levels23.misses ?? 0) > 0).sort((a, b) => b.levels23.misses - a.levels23.misses);
  if (rows.length === 0) return <p className="muted">No county missed.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="planning-county-misses">
        <thead><tr><th scope="col">County</th><th scope="col" className="num">Level 2–3 calls</th><th scope="col" className="num">Missed, as it is</th>{run.changed && <th scope="col" className="num">With changes</th>}</tr></thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.fips}><th scope="row">{c.name}</th><td className="num">{count(c.levels23.calls)}</td><td className="num">{count(c.levels23.misses)} ({pct(c.levels23.withinMax)} within)</td>{run.changed && <td className="num">{count(changedOf.get(c.fips)?.levels23.misses ?? 0)} ({pct(changedOf.get(c.fips)?.levels23.withinMax)} within)</td>}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HourChart({ title, label, testId, base, changed, unit }: { title: string; label: string; testId: string; base: number[]; changed: number[] | null; unit: 'calls' | 'share' }) {
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 44, right: 12, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: base.map((_, h) => String(h).padStart(2, '0')) },
    yAxis: unit === 'share' ? { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : { type: 'value', minInterval: 1 },
    series: [
      { name: 'As it is', type: unit === 'share' ? 'line' : 'bar', data: base },
      ...(changed ? [{ name: 'With changes', type: unit === 'share' ? 'line' : 'bar', data: changed }] : []),
    ],
  }), [base, changed, unit]);
  return (
    <figure className="report-figure">
      <figcaption>{title}</figcaption>
      <Chart option={option} label={label} testId={testId} />
    </figure>
  );
}

function RunTables({ title, figures, testId }: { title: string; figures: SimFigures; testId: string }) {
  return (
    <section className="planning-run-tables" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      <p className="muted">{count(figures.contacts.total)} simulated contacts; {count(figures.regions.reduce((a, r) => a + r.teams, 0))} teams; teams busy {minutes(figures.teams.meanBusyMinutes)} a job on average.</p>
      <h3>Response by level</h3>
      <div className="table-scroll">
        <table className="data-table">
          <thead><tr><th scope="col">Level</th><th scope="col" className="num">Calls</th><th scope="col" className="num">p50</th><th scope="col" className="num">p90</th><th scope="col" className="num">p95</th><th scope="col" className="num">Within max</th><th scope="col" className="num">Crisis team</th><th scope="col" className="num">Police instead</th><th scope="col" className="num">Mean queue wait</th></tr></thead>
          <tbody>
            {figures.levels.map((l) => (
              <tr key={l.level}><th scope="row">Level {l.level}</th><td className="num">{count(l.calls)}</td><td className="num">{minutes(l.p50)}</td><td className="num">{minutes(l.p90)}</td><td className="num">{minutes(l.p95)}</td><td className="num">{pct(l.withinMax)}</td><td className="num">{pct(l.crisisTeamShare)}</td><td className="num">{pct(l.policeFallbackShare)}</td><td className="num">{minutes(l.meanQueueWait)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Response by county (levels 2–3)</h3>
      <div className="table-scroll">
        <table className="data-table">
          <thead><tr><th scope="col">County</th><th scope="col" className="num">Calls</th><th scope="col" className="num">p50</th><th scope="col" className="num">p90</th><th scope="col" className="num">p95</th><th scope="col" className="num">Within max</th><th scope="col" className="num">Crisis team</th><th scope="col" className="num">Police instead</th><th scope="col" className="num">Mean queue wait</th></tr></thead>
          <tbody>
            {figures.counties.map((c) => (
              <tr key={c.fips}><th scope="row">{c.name}</th><td className="num">{count(c.levels23.calls)}</td><td className="num">{minutes(c.levels23.p50)}</td><td className="num">{minutes(c.levels23.p90)}</td><td className="num">{minutes(c.levels23.p95)}</td><td className="num">{pct(c.levels23.withinMax)}</td><td className="num">{pct(c.levels23.crisisTeamShare)}</td><td className="num">{pct(c.levels23.policeFallbackShare)}</td><td className="num">{minutes(c.levels23.meanQueueWait)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Facilities</h3>
      <div className="table-scroll">
        <table className="data-table">
          <thead><tr><th scope="col">Facility</th><th scope="col" className="num">Admitted</th><th scope="col" className="num">Turned away</th><th scope="col" className="num">Mean occupancy</th><th scope="col" className="num">Peak</th></tr></thead>
          <tbody>
            {figures.facilities.map((f) => (
              <tr key={f.id}><th scope="row">{f.name}</th><td className="num">{count(f.admissions)}</td><td className="num">{count(f.turnAways)}</td><td className="num">{pct(f.occupancyShare)} of {f.capacity}</td><td className="num">{f.peak}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
