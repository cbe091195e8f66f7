/** A labelled text input with an optional hint, as the accounts and storage forms use it. */
import { useId, type InputHTMLAttributes } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'className'> {
  label: string;
  hint?: string;
  value: string;
  onValue: (value: string) => void;
  short?: boolean;
}

export function TextField({ label, hint, value, onValue, short = false, ...input }: TextFieldProps) {
  const hintId = useId();
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        {...input}
        className={short ? 'field__input field__input--short' : 'field__input'}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-describedby={hint ? hintId : undefined}
      />
      {hint && (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      )}
    </label>
  );
}
