// A write-only setting (password, key, token). A stored value is never sent to the browser, so
// nothing here can show one: the configuration only says which credential holds it. Typing a new
// value and pressing Save (or Enter, or leaving the field) hands it to the parent to store, and the
// input is cleared once it is stored; Escape cancels a Replace. A stored credential can be picked
// instead of typing.
import { type FocusEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { FormField } from '@/lib/pipeline/catalog/form-model';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { describedBy, inputClass } from '@/components/ui/field';
import { FieldLabel, FieldNotes } from './field-parts';
import { useConnectorForm } from './form-context';
import { StoredCredentialPicker } from './stored-credential-picker';
import { useField } from './use-field';

const HINT = 'Write-only: once saved, the value is never shown again.';
const SAVE_FAILED = 'The value could not be saved. Try again.';

function credentialName(value: unknown): string | undefined {
  return isRecord(value) && typeof value.secret === 'string' ? value.secret : undefined;
}

/** Keeps focus where it was while a button is clicked (Safari never focuses buttons on click). */
const keepFocus = (e: { preventDefault(): void }) => e.preventDefault();

export function SecretField({ field }: { field: FormField }) {
  const { onSecret, credentials } = useConnectorForm();
  const state = useField(field, HINT);
  const stored = credentialName(state.value);
  const [replacing, setReplacing] = useState(false);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const group = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const replaceButton = useRef<HTMLButtonElement>(null);
  const backToReplace = useRef(false);
  const editing = !state.readOnly && (stored === undefined || replacing);
  const problem = failure ?? state.problem;
  const errorId = problem ? `${state.id}-error` : undefined;

  useEffect(() => {
    if (editing && replacing) input.current?.focus();
    if (!editing && backToReplace.current) {
      backToReplace.current = false;
      replaceButton.current?.focus();
    }
  }, [editing, replacing]);

  function close() {
    backToReplace.current = true;
    setReplacing(false);
    setText('');
    setFailure(undefined);
  }

  async function save() {
    if (saving) return;
    if (text.trim() === '') return state.blur();
    setSaving(true);
    setFailure(undefined);
    const outcome = await onSecret(field.path, text).catch((): { ok: false; message: string } => ({ ok: false, message: SAVE_FAILED }));
    setSaving(false);
    if (outcome.ok) close();
    else setFailure(outcome.message || SAVE_FAILED);
  }

  function leave(e: FocusEvent) {
    // Moving between the input and its own buttons is not leaving the field.
    if (group.current?.contains(e.relatedTarget as Node | null)) return;
    if (text.trim() !== '') void save();
    else state.blur();
  }

  function keys(e: KeyboardEvent) {
    if (e.key === 'Escape' && replacing) close();
    if (e.key !== 'Enter' || field.multiline) return;
    // Enter saves this value; it must not submit the wizard's form around it.
    e.preventDefault();
    void save();
  }

  const inputProps = {
    ref: input,
    id: state.id,
    value: text,
    spellCheck: false,
    placeholder: stored ? `Replaces the value in ${stored}` : undefined,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy(`${state.id}-hint`, errorId),
    onChange: (e: { target: { value: string } }) => setText(e.target.value),
    onKeyDown: keys,
  };

  function pick(name: string) {
    state.change({ secret: name });
    close();
  }

  return (
    <div ref={group} role="group" aria-labelledby={`${state.id}-label`} onBlur={editing ? leave : undefined}>
      <FieldLabel htmlFor={editing ? state.id : undefined} id={`${state.id}-label`} required={field.required}>
        {field.label}
      </FieldLabel>
      {editing ? (
        <div className="flex items-start gap-2">
          {field.multiline ? (
            <textarea rows={4} autoComplete="off" className={`${inputClass} font-mono`} {...inputProps} />
          ) : (
            <input type="password" autoComplete="new-password" className={inputClass} {...inputProps} />
          )}
          <Button variant="secondary" className="mt-0.5 min-w-28 shrink-0" pending={saving} pendingLabel="Saving…" onMouseDown={keepFocus} onClick={() => void save()}>
            Save
          </Button>
          {replacing && (
            <Button variant="ghost" className="mt-0.5 shrink-0" onMouseDown={keepFocus} onClick={close}>
              Cancel
            </Button>
          )}
        </div>
      ) : (
        <div className="flex min-h-10 flex-wrap items-center gap-2">
          {stored === undefined ? (
            <Badge>Not set</Badge>
          ) : (
            <>
              <Badge tone="success">
                Set <span aria-hidden="true">✓</span>
              </Badge>
              <span className="text-sm text-muted">
                in <span className="font-mono text-fg">{stored}</span>
              </span>
            </>
          )}
          {!state.readOnly && (
            <Button ref={replaceButton} variant="secondary" aria-label={`Replace ${field.label}`} onClick={() => setReplacing(true)}>
              Replace
            </Button>
          )}
        </div>
      )}
      <p aria-live="polite" className="sr-only">
        {saving ? 'Saving…' : (failure ?? '')}
      </p>
      <FieldNotes id={state.id} hint={state.hint} problem={problem} />
      {editing && credentials && credentials.length > 0 && (
        <StoredCredentialPicker id={`${state.id}-stored`} label={field.label} credentials={credentials} onPick={pick} />
      )}
    </div>
  );
}
