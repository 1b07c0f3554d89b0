import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/current-actor';
import { isSetupComplete } from '@/lib/services/setup';
import { AuthCard } from '@/components/auth/auth-card';
import { safeCallbackUrl } from '@/components/auth/callback-url';
import { SignInForm } from '@/components/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

// next-auth sends people here with ?error= when its own pages would have shown an error.
const NEXT_AUTH_ERRORS: Record<string, string> = {
  CredentialsSignin: 'Email or password is incorrect.',
  SessionRequired: 'Sign in to continue.',
  Throttled: 'Too many attempts. Wait a few minutes, then try again.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await isSetupComplete())) redirect('/setup');
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const errorCode = typeof params.error === 'string' ? params.error : undefined;
  const initialError = errorCode ? (NEXT_AUTH_ERRORS[errorCode] ?? 'Signing in did not work. Try again.') : undefined;
  return (
    <AuthCard title="Sign in to Tapestry">
      <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
      <p className="mt-6 text-sm text-muted">
        No account yet? Ask an owner or admin of your organization for an invitation link.
      </p>
    </AuthCard>
  );
}
