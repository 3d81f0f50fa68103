/** What is wrong with one field, beside it, in words (never colour alone); nothing when all is well. */
export function FieldIssue({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-issue" role="alert" data-testid={id}>
      {message}
    </p>
  );
}
