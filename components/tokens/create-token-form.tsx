'use client';
// Create an API token limited to permissions the person has. The secret comes back once, in
// the action's result, and lives only in this component's state until the page is left.
import { useId } from 'react';
import { createToken } from '@/lib/actions/tokens';
import type { ActionResult } from '@/lib/http/server-action';
import { Button } from '@/components/ui/button';
import { CopyField } from '@/components/ui/copy-field';
import { Field } from '@/components/ui/field';
import { FieldErrors } from '@/components/ui/field-errors';
import { FormMessage } from '@/components/ui/form-message';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { SelectField } from '@/components/ui/select-field';
import { useActionForm } from '@/components/ui/use-action-form';

export interface ScopeChoice {
  value: string;
  description: string;
}

const EXPIRY = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const;

type Result = ActionResult<{ token: string }>;

// The action reads one comma-separated `scopes` field; the form has one checkbox per scope.
async function submit(prev: Result | null, form: FormData): Promise<Result> {
  form.set('scopes', form.getAll('scope').join(','));
  form.delete('scope');
  return createToken(prev, form);
}

export function CreateTokenForm({ org, scopes }: { org: string; scopes: ScopeChoice[] }) {
  const id = useId();
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(submit, { resetOnSuccess: true });
  const token = result?.ok ? result.data?.token : undefined;
  const scopeErrors = errorsFor('scopes');
  const scopeErrorId = scopeErrors?.length ? `${id}-scopes-error` : undefined;

  return (
    <div className="max-w-3xl space-y-4 rounded-lg border border-line bg-surface p-5">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
        <HiddenFields fields={{ org }} />
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <Field
            label="Token name"
            name="name"
            required
            maxLength={60}
            autoComplete="off"
            hint="What uses it, e.g. “CI deploy” or “tapestry CLI on Ada’s laptop”."
            errors={errorsFor('name')}
          />
          <SelectField label="Expires" name="expiresInDays" options={EXPIRY} defaultValue="90" errors={errorsFor('expiresInDays')} />
        </div>
        <fieldset aria-describedby={scopeErrorId}>
          <legend className="text-sm font-medium">Scopes</legend>
          <p className="mt-1 text-sm text-muted">A token can only do what you can do, and only what you tick here.</p>
          <ul className="mt-3 space-y-3">
            {scopes.map((s) => (
              <li key={s.value} className="flex gap-3">
                <input
                  id={`${id}-${s.value}`}
                  type="checkbox"
                  name="scope"
                  value={s.value}
                  defaultChecked={s.value === 'org:read'}
                  aria-invalid={scopeErrorId ? true : undefined}
                  aria-describedby={`${id}-${s.value}-desc`}
                  className="mt-0.5 size-5 shrink-0 accent-primary"
                />
                <div className="text-sm">
                  <label htmlFor={`${id}-${s.value}`} className="font-mono font-medium">
                    {s.value}
                  </label>
                  <p id={`${id}-${s.value}-desc`} className="text-muted">
                    {s.description}
                  </p>
                </div>
              </li>
            ))}
          </ul>
          <FieldErrors id={scopeErrorId} errors={scopeErrors} />
        </fieldset>
        <FormMessage result={result} />
        <Button type="submit" pending={pending} pendingLabel="Creating…">
          Create token
        </Button>
      </form>
      {token && (
        <CopyField
          key={token}
          label="New token"
          value={token}
          buttonLabel="Copy token"
          hint="Copy it now and keep it somewhere safe: Tapestry stores only a hash and cannot show it again."
        />
      )}
    </div>
  );
}
