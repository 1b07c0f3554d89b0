'use client';
// A read-only value the user needs to take away (an invitation link, a new token), with a
// copy button that works on plain-HTTP installs too (no Clipboard API outside secure contexts).
import { useId, useRef, useState } from 'react';
import { Button } from './button';
import { inputClass } from './field';

interface CopyFieldProps {
  label: string;
  value: string;
  buttonLabel: string;
  hint?: string;
}

export function CopyField({ label, value, buttonLabel, hint }: CopyFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied to the clipboard.');
    } catch {
      input.current?.select();
      const copied = document.execCommand('copy');
      setStatus(copied ? 'Copied to the clipboard.' : 'Copying is blocked here: the text is selected, press Ctrl+C or ⌘C.');
    }
  }

  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          className={`${inputClass} font-mono`}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button variant="secondary" onClick={copy} className="shrink-0">
          {buttonLabel}
        </Button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-muted">
          {hint}
        </p>
      )}
      <p aria-live="polite" className="mt-1 min-h-5 text-sm text-muted">
        {status}
      </p>
    </div>
  );
}
