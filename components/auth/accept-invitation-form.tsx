'use client';
// Accept an invitation: a new person picks a name and password; someone who already has a
// Tapestry account confirms with its password. Then sign in and open the organization.
import { useRouter } from 'next/navigation';
import { acceptInvitation } from '@/lib/actions/invitations';
import type { ActionResult } from '@/lib/http/server-action';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { useActionForm } from '@/components/ui/use-action-form';
import { signInErrorMessage, signInWithPassword } from './credentials-client';

type Result = ActionResult<{ orgSlug: string; email: string }>;

interface Props {
  token: string;
  email: string;
  accountExists: boolean;
  passwordMin: number;
}

export function AcceptInvitationForm({ token, email, accountExists, passwordMin }: Props) {
  const router = useRouter();
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(async (prev: Result | null, form: FormData): Promise<Result> => {
    const accepted = await acceptInvitation(prev, form);
    if (!accepted.ok || !accepted.data) return accepted;
    const target = `/${accepted.data.orgSlug}/pipelines`;
    const signedIn = await signInWithPassword(accepted.data.email, String(form.get('password')), target);
    if (!signedIn.ok) {
      return { ok: false, code: 'UNAUTHENTICATED', message: `You have joined. ${signInErrorMessage(signedIn)} Sign in to continue.` };
    }
    router.push(target);
    return { ok: true, message: 'Invitation accepted. Opening the organization…' };
  });
  const done = result?.ok === true;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      <HiddenFields fields={{ token, existingAccount: accountExists ? 'yes' : 'no' }} />
      {/* Lets password managers pair the password with the right account. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      {accountExists ? (
        <Field
          label="Password"
          name="password"
          type="password"
          required
          autoComplete="current-password"
          hint={`You already have a Tapestry account as ${email}. Enter its password to join.`}
          errors={errorsFor('password')}
        />
      ) : (
        <>
          <Field label="Your name" name="name" required autoComplete="name" maxLength={100} errors={errorsFor('name')} />
          <Field
            label="Password"
            name="password"
            type="password"
            required
            autoComplete="new-password"
            hint={`At least ${passwordMin} characters. No other rules: a few unrelated words in a row work well.`}
            errors={errorsFor('password')}
          />
        </>
      )}
      <FormMessage result={result} />
      <Button type="submit" className="w-full" pending={pending || done} pendingLabel={done ? 'Opening…' : 'Joining…'}>
        Accept invitation
      </Button>
    </form>
  );
}
