import type { Area } from '../areas.ts';

/** The empty state of an area not built yet: what it will do, and what to do meanwhile. */
export function AreaPlaceholder({ area }: { area: Area }) {
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{area.label}</h1>
      <div className="empty" data-testid="area-empty">
        <h2>Not available yet</h2>
        {area.purpose && (
          <p>
            <strong>What it will do: </strong>
            {area.purpose}
          </p>
        )}
        {area.meanwhile && (
          <p>
            <strong>What to do now: </strong>
            {area.meanwhile}
          </p>
        )}
      </div>
    </section>
  );
}
