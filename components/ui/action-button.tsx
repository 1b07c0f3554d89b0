'use client';
// A one-button form for a small, reversible action (revoke an invitation): hidden ids, a
// pending state, and the error next to the button if the server refuses.
import type { ActionResult } from '@/lib/http/server-action';
import { Button, type ButtonVariant } from './button';
import { HiddenFields } from './hidden-fields';
import { useActionForm } from './use-action-form';

interface ActionButtonProps {
  action: (prev: ActionResult<unknown> | null, form: FormData) => Promise<ActionResult<unknown>>;
  fields: Record<string, string>;
  label: string;
  /** Full accessible name when the visible label is short ("Revoke" → "Revoke invitation for …"). */
  accessibleLabel?: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
}

export function ActionButton({ action, fields, label, accessibleLabel, pendingLabel, variant = 'secondary' }: ActionButtonProps) {
  const { result, pending, onSubmit, formRef } = useActionForm(action);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="inline-flex flex-col items-end gap-1">
      <HiddenFields fields={fields} />
      <Button type="submit" variant={variant} pending={pending} pendingLabel={pendingLabel} aria-label={accessibleLabel}>
        {label}
      </Button>
      {result && !result.ok && (
        <p role="alert" className="max-w-60 text-right text-sm text-danger">
          {result.message}
          {result.correlationId ? ` (reference ${result.correlationId})` : ''}
        </p>
      )}
    </form>
  );
}
