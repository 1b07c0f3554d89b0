'use client';
// Change one member's role, inline in the members table.
import { useId } from 'react';
import { changeRole } from '@/lib/actions/members';
import { Button } from '@/components/ui/button';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { SelectField, type SelectOption } from '@/components/ui/select-field';
import { useActionForm } from '@/components/ui/use-action-form';

interface Props {
  org: string;
  membershipId: string;
  email: string;
  role: string;
  options: SelectOption[];
}

export function MemberRoleForm({ org, membershipId, email, role, options }: Props) {
  const id = useId();
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(changeRole);
  const failure = result && !result.ok && !result.fieldErrors?.role ? result.message : undefined;
  return (
    <form ref={formRef} onSubmit={onSubmit} className="flex flex-wrap items-start gap-2">
      <HiddenFields fields={{ org, id: membershipId }} />
      <SelectField
        id={`${id}-role`}
        label={`Role for ${email}`}
        hideLabel
        name="role"
        options={options}
        defaultValue={role}
        errors={errorsFor('role')}
        className="w-32"
      />
      <Button type="submit" variant="secondary" pending={pending} pendingLabel="Saving…" aria-describedby={`${id}-role-label`}>
        Save
      </Button>
      <span id={`${id}-role-label`} hidden>
        {`Role for ${email}`}
      </span>
      <p aria-live="polite" className="w-full text-sm">
        {result?.ok && <span className="text-success">{result.message}</span>}
        {failure && <span className="text-danger">{failure}</span>}
      </p>
    </form>
  );
}
