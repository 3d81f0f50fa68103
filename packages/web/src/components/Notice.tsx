interface NoticeProps {
  title: string;
  body?: string;
  action?: { label: string; onClick: () => void };
  testId?: string;
}

/** A whole-page message for the moments before the console can show anything else. */
export function Notice({ title, body, action, testId }: NoticeProps) {
  return (
    <main className="notice" data-testid={testId}>
      <h1>{title}</h1>
      {body && <p>{body}</p>}
      {action && (
        <button type="button" className="button button-primary" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </main>
  );
}
