'use client';
// First-run form: create the organization and owner (server action), then sign in with the
// same credentials and open the new organization. Pending covers both steps.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { setupOrganization } from '@/lib/actions/setup';
import type { ActionResult } from '@/lib/http/server-action';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useActionForm } from '@/components/ui/use-action-form';
import { signInErrorMessage, signInWithPassword } from './credentials-client';

type Result = ActionResult<{ orgSlug: string }>;

export function SetupForm({ passwordMin }: { passwordMin: number }) {
  const router = useRouter();
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(async (prev: Result | null, form: FormData): Promise<Result> => {
    const created = await setupOrganization(prev, form);
    if (!created.ok || !created.data) return created;
    const target = `/${created.data.orgSlug}/pipelines`;
    const signedIn = await signInWithPassword(String(form.get('email')), String(form.get('password')), target);
    if (!signedIn.ok) {
      // The organization exists now; only the automatic sign-in failed.
      return { ok: false, code: 'UNAUTHENTICATED', message: `Your organization is ready. ${signInErrorMessage(signedIn)} Sign in to continue.` };
    }
    router.push(target);
    return { ok: true, message: 'Organization created. Opening it…' };
  });
  const done = result?.ok === true;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      <Field label="Organization name" name="orgName" required autoComplete="organization" maxLength={80} errors={errorsFor('orgName')} />
      <Field label="Your name" name="name" required autoComplete="name" maxLength={100} errors={errorsFor('name')} />
      <Field label="Email" name="email" type="email" required autoComplete="email" spellCheck={false} errors={errorsFor('email')} />
      <Field
        label="Password"
        name="password"
        type="password"
        required
        autoComplete="new-password"
        hint={`At least ${passwordMin} characters. No other rules: a few unrelated words in a row make a strong, memorable password.`}
        errors={errorsFor('password')}
      />
      <FormMessage result={result} />
      {result && !result.ok && result.code === 'UNAUTHENTICATED' && (
        <p className="text-sm">
          <Link href="/sign-in">Go to sign-in</Link>
        </p>
      )}
      <Button type="submit" className="w-full" pending={pending || done} pendingLabel={done ? 'Opening…' : 'Creating organization…'}>
        Create organization
      </Button>
    </form>
  );
}
