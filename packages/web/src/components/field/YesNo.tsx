/** A yes/no question as two large buttons: answered with a thumb, read back at a glance. */
export function YesNo({ id, label, value, onChange }: { id: string; label: string; value: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="field-question" role="radiogroup" aria-labelledby={`${id}-label`} data-testid={`where-${id}`} data-value={value ? 'yes' : 'no'}>
      <span id={`${id}-label`} className="field-question-label">{label}</span>
      <div className="field-segmented">
        {([true, false] as const).map((v) => (
          <button key={String(v)} type="button" role="radio" aria-checked={value === v} className="field-button" onClick={() => onChange(v)} data-testid={`where-${id}-${v ? 'yes' : 'no'}`}>
            {v ? 'Yes' : 'No'}
          </button>
        ))}
      </div>
    </div>
  );
}
