// "Or use a stored credential": folded away until asked for (most secrets are typed), then a select
// and a Use button rather than acting on change, because some browsers fire change for every arrow
// key on a closed select and would pick by accident.
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { StoredCredential } from './types';

interface PickerProps {
  id: string;
  /** The secret field's label, for the Use button's accessible name. */
  label: string;
  credentials: StoredCredential[];
  onPick(name: string): void;
}

export function StoredCredentialPicker({ id, label, credentials, onPick }: PickerProps) {
  const [name, setName] = useState('');
  return (
    <details className="mb-2 text-sm">
      <summary className="w-fit cursor-pointer text-link">Or use a stored credential</summary>
      <label htmlFor={id} className="sr-only">
        Stored credential for {label}
      </label>
      <div className="mt-2 flex items-start gap-2">
        <select id={id} className={`${inputClass} pr-8`} value={name} onChange={(e) => setName(e.target.value)}>
          <option value="">Choose a credential…</option>
          {credentials.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} (updated {c.updatedAt.slice(0, 10)})
            </option>
          ))}
        </select>
        <Button variant="secondary" className="mt-0.5 shrink-0" aria-label={`Use the chosen credential for ${label}`} disabled={name === ''} onClick={() => onPick(name)}>
          Use
        </Button>
      </div>
    </details>
  );
}
