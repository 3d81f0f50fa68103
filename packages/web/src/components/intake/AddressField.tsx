import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { LIMITS, type GeoTown } from '@continuum/contracts';
import { townMatches, type TownMatch } from '../../town-search.ts';
import { TextField } from './Fields.tsx';

const LISTBOX_ID = 'town-options';
const optionId = (i: number) => `town-option-${i}`;

interface AddressFieldProps {
  value: string;
  error?: string;
  /** The region's towns; without them the field is a plain text box. */
  towns: readonly GeoTown[] | undefined;
  onChange: (address: string) => void;
  onPickTown: (match: TownMatch) => void;
}

/**
 * The address box, and a combobox of towns: typing a town's name offers it, and picking one
 * (↓ then Enter, or a click) fills the coordinates with the town's centre. Nothing is chosen
 * until the call-taker moves into the list, so Enter with the list open still starts the
 * interview, as it does from every field.
 */
export function AddressField({ value, error, towns, onChange, onPickTown }: AddressFieldProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const wrap = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const matches = towns ? townMatches(towns, value) : [];
  const shown = open ? matches : [];

  // The list hangs from the input itself, above the hint and error below it.
  useLayoutEffect(() => {
    const input = wrap.current?.querySelector('input');
    if (input) setTop(input.offsetTop + input.offsetHeight + 2);
  }, [shown.length, error]);

  const pick = (match: TownMatch) => {
    setOpen(false);
    setActive(-1);
    onPickTown(match);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && matches.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((a) => (open ? (a + 1) % matches.length : 0));
    } else if (event.key === 'ArrowUp' && shown.length > 0) {
      event.preventDefault();
      setActive((a) => (a <= 0 ? shown.length - 1 : a - 1));
    } else if (event.key === 'Enter' && shown.length > 0 && active >= 0) {
      event.preventDefault();
      pick(shown[active]!);
    } else if (event.key === 'Escape' && shown.length > 0) {
      event.preventDefault();
      setOpen(false);
    }
  };

  return (
    <div className="address-combo" ref={wrap}>
      <TextField
        path="location.address" label="Address or place" error={error} autoFocus required maxLength={LIMITS.address} autoComplete="off"
        hint={towns ? 'Street address, or a landmark and town. A town’s name offers its centre: ↓ then Enter.' : 'Street address, or a landmark and town'}
        role="combobox" aria-autocomplete="list" aria-expanded={shown.length > 0} aria-controls={LISTBOX_ID}
        aria-activedescendant={shown.length > 0 && active >= 0 ? optionId(active) : undefined}
        value={value} onKeyDown={onKeyDown} onBlur={() => setOpen(false)}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
      />
      <ul id={LISTBOX_ID} role="listbox" aria-label="Towns" className="town-options" style={{ top }} hidden={shown.length === 0} data-testid="town-options">
        {shown.map((m, i) => (
          <li
            key={`${m.town.name}-${m.town.countyFips}`} id={optionId(i)} role="option" aria-selected={i === active}
            className="town-option" data-testid="town-option" data-town={m.town.name}
            // mousedown would blur the input and close the list before the click lands.
            onMouseDown={(e) => e.preventDefault()} onClick={() => pick(m)}
          >
            <span className="town-option-name">{m.town.name}</span>
            <span className="town-option-meta">town centre · pop. {m.town.population.toLocaleString('en-US')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
