import { isRole, ROLE_LABELS } from '@continuum/domain';
import type { DemoSignIn } from '@continuum/sdk';

export const DEMO_PASSWORD = 'continuum-demo';

const roleLabel = (s: DemoSignIn): string => s.roleLabel ?? (isRole(s.role) ? ROLE_LABELS[s.role] : s.role);

interface DemoSignInsProps {
  signIns: readonly DemoSignIn[];
  onChoose: (username: string) => void;
}

/** The demo region's accounts, one per role: choosing one fills in its username. */
export function DemoSignIns({ signIns, onChoose }: DemoSignInsProps) {
  return (
    <section className="demo" aria-labelledby="demo-title" data-testid="demo-signins">
      <h2 id="demo-title">Demo sign-ins</h2>
      <p className="demo-hint" data-testid="demo-hint">
        This server runs the demo region: no real people’s data. Every demo account uses the password{' '}
        <code>{DEMO_PASSWORD}</code>. Choose a role to fill in its username.
      </p>
      <table className="table demo-table">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
          </tr>
        </thead>
        <tbody>
          {signIns.map((s) => (
            <tr key={s.username}>
              <td>{roleLabel(s)}</td>
              <td>{s.displayName}</td>
              <td>
                <button
                  type="button"
                  className="button button-link"
                  onClick={() => onChoose(s.username)}
                  aria-label={`Use ${s.username} (${roleLabel(s)})`}
                  data-testid={`demo-signin-${s.username}`}
                >
                  {s.username}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
