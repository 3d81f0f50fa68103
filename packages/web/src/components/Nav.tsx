import type { Area } from '../areas.ts';

/** The areas this person may use, each with its `g <key>` shortcut shown beside it. */
export function Nav({ areas, current }: { areas: readonly Area[]; current: Area | null }) {
  return (
    <nav className="nav" aria-label="Areas" data-testid="nav">
      <ul>
        {areas.map((area) => (
          <li key={area.id}>
            <a
              href={`#${area.path}`}
              className="nav-link"
              aria-current={area.id === current?.id ? 'page' : undefined}
              aria-keyshortcuts={`g ${area.key}`}
              data-testid={`nav-${area.id}`}
            >
              <span>{area.label}</span>
              <kbd className="nav-key" aria-hidden="true">g {area.key}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
