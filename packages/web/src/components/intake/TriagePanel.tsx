import type { TriageView } from '@continuum/sdk';

/**
 * The level and why, always in view: the deciding factors, what else was heard and why it does
 * not count, and what to read out to the caller, safety first.
 */
export function TriagePanel({ triage }: { triage: TriageView }) {
  const determined = triage.status === 'determined';
  const known = determined || triage.answers.length > 0;
  // Handed off (CARES, 911, cancelled) before any answer: there will be no level.
  const ended = triage.incidentStatus !== 'received';
  const deciding = new Set(triage.decidingFactors.map((f) => f.id));
  const others = triage.factorsChosen.filter((f) => !deciding.has(f.id));
  const safety = triage.guidance.flatMap((g) => g.safety.map((line) => ({ line, factor: g.wording })));
  const preArrival = triage.guidance.flatMap((g) => g.preArrival.map((line) => ({ line, factor: g.wording })));

  return (
    <aside className="triage-panel" aria-labelledby="level-title" data-testid="triage-panel">
      <h2 id="level-title" className="visually-hidden">Risk level</h2>
      {/* One live region throughout, so every change of level is announced. Before the first
          answer the engine's floor (level 1) would read as "low risk": it is not known yet. */}
      <div
        className={`level-card level-${known ? triage.level : 'unknown'}`}
        aria-live="polite"
        data-testid="triage-level"
        data-level={known ? triage.level : ''}
      >
        <span className="level-number">{known ? `Level ${triage.level}` : ended ? 'Not triaged' : 'No level yet'}</span>
        {known && <span className="level-name">{triage.levelName}</span>}
        <span className="level-state">
          {!known ? (ended ? 'Handed off before the interview' : 'The answers set the level') : determined ? 'Determined' : 'So far: more answers may raise it'}
        </span>
        {known && triage.provisional && (
          <span className="level-provisional" data-testid="triage-provisional">Provisional: the caller did not know an answer that could raise it</span>
        )}
      </div>

      <h3>Why this level</h3>
      {triage.decidingFactors.length > 0 ? (
        <ul className="factor-list" data-testid="deciding-factors">
          {triage.decidingFactors.map((f) => <li key={f.id} data-factor-id={f.id}>{f.wording}</li>)}
        </ul>
      ) : (
        <p className="muted" data-testid="deciding-factors">No risk factor heard yet.</p>
      )}
      {others.length > 0 && (
        <>
          <h3>Also heard</h3>
          <ul className="factor-list factor-list-other">
            {others.map((f) => (
              <li key={f.id}>
                {f.wording}
                {!f.counted && f.notCountedReason && <span className="cell-sub">Does not raise the level: {f.notCountedReason}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      {triage.unknowns.length > 0 && (
        <>
          <h3>Not known</h3>
          <ul className="factor-list factor-list-other" data-testid="triage-unknowns">
            {triage.unknowns.map((u) => <li key={u.questionId}>{u.reason}</li>)}
          </ul>
        </>
      )}
      {(safety.length > 0 || preArrival.length > 0) && (
        <section className="guidance" aria-labelledby="guidance-title" data-testid="guidance">
          <h3 id="guidance-title">Read to the caller</h3>
          {safety.length > 0 && (
            <>
              <p className="guidance-kind">Safety, now</p>
              <ul>{safety.map((s) => <li key={s.line}>{s.line}</li>)}</ul>
            </>
          )}
          {preArrival.length > 0 && (
            <>
              <p className="guidance-kind">Before responders arrive</p>
              <ul>{preArrival.map((s) => <li key={s.line}>{s.line}</li>)}</ul>
            </>
          )}
        </section>
      )}
      <p className="panel-foot muted">Protocol {triage.protocolVersion}</p>
    </aside>
  );
}
