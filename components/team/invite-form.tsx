'use client';
// Invite someone by email with a role. The link is shown to copy whether or not it was also
// emailed (an installation without SMTP relies on sharing it by hand).
import { inviteMember } from '@/lib/actions/invitations';
import { Button } from '@/components/ui/button';
import { CopyField } from '@/components/ui/copy-field';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { SelectField, type SelectOption } from '@/components/ui/select-field';
import { useActionForm } from '@/components/ui/use-action-form';

export function InviteForm({ org, roles }: { org: string; roles: SelectOption[] }) {
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(inviteMember, { resetOnSuccess: true });
  const link = result?.ok ? result.data?.link : undefined;
  return (
    <div className="max-w-2xl space-y-4 rounded-lg border border-line bg-surface p-5">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
        <HiddenFields fields={{ org }} />
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <Field label="Email" name="email" type="email" required autoComplete="off" spellCheck={false} errors={errorsFor('email')} />
          <SelectField label="Role" name="role" options={roles} defaultValue="VIEWER" errors={errorsFor('role')} />
        </div>
        <p className="text-sm text-muted">
          Viewers see everything and change nothing. Editors also edit pipelines and start runs. Admins also deploy
          infrastructure and manage secrets, members and tokens. Owners also manage admins and the organization.
        </p>
        <FormMessage result={result} />
        <Button type="submit" pending={pending} pendingLabel="Sending…">
          Send invitation
        </Button>
      </form>
      {link && (
        <CopyField
          key={link}
          label="Invitation link"
          value={link}
          buttonLabel="Copy link"
          hint="The link works once and expires in 7 days. Share it only with the person you invited."
        />
      )}
    </div>
  );
}
