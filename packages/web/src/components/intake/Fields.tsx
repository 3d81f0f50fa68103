import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

/** The id of the input for a request path, e.g. `location.address` → `call-location-address`. */
export const fieldId = (path: string): string => `call-${path.replaceAll('.', '-')}`;

interface Described {
  path: string;
  label: string;
  hint?: string;
  error?: string;
}

/** Ties the hint and the error to the input, so a screen reader reads them with the label. */
function describedBy(path: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${fieldId(path)}-hint` : '', error ? `${fieldId(path)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Messages({ path, hint, error }: Omit<Described, 'label'>) {
  return (
    <>
      {hint && <span id={`${fieldId(path)}-hint`} className="field-hint">{hint}</span>}
      {error && (
        <span id={`${fieldId(path)}-error`} className="field-error" data-testid={`error-${path}`}>
          {error}
        </span>
      )}
    </>
  );
}

/** A labelled single-line input with its hint and inline error. */
export function TextField({ path, label, hint, error, className, ...input }: Described & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className={`field ${className ?? ''}`}>
      <span className="field-label">{label}</span>
      <input
        id={fieldId(path)}
        name={path}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(path, hint, error)}
        data-testid={`field-${path}`}
        {...input}
      />
      <Messages path={path} hint={hint} error={error} />
    </label>
  );
}

/** A labelled multi-line input with its hint and inline error. */
export function TextArea({ path, label, hint, error, ...input }: Described & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <textarea
        id={fieldId(path)}
        name={path}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(path, hint, error)}
        data-testid={`field-${path}`}
        {...input}
      />
      <Messages path={path} hint={hint} error={error} />
    </label>
  );
}

/** A checkbox with its label beside it. */
export function CheckField({ path, label, hint, error, ...input }: Described & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="check">
      <label>
        <input
          type="checkbox"
          id={fieldId(path)}
          name={path}
          aria-describedby={describedBy(path, hint, error)}
          data-testid={`field-${path}`}
          {...input}
        />
        <span>{label}</span>
      </label>
      <Messages path={path} hint={hint} error={error} />
    </div>
  );
}

/** A labelled choice from a short list, with its hint and inline error. */
export function SelectField({ path, label, hint, error, options, ...select }: Described & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string; label: string }[] }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select
        id={fieldId(path)}
        name={path}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(path, hint, error)}
        data-testid={`field-${path}`}
        {...select}
      >
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <Messages path={path} hint={hint} error={error} />
    </label>
  );
}
