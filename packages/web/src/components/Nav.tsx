import { AREAS, type Area } from '../areas.ts';

/** The console's areas, each with its `g <key>` shortcut shown beside it. */
export function Nav({ current }: { current: Area }) {
  return (
    <nav className="nav" aria-label="Areas" data-testid="nav">
      <ul>
        {AREAS.map((area) => (
          <li key={area.id}>
            <a
              href={`#${area.path}`}
              className="nav-link"
              aria-current={area.id === current.id ? 'page' : undefined}
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
