// The front door: first run → setup; no session → sign-in; otherwise the first organization.
import { redirect } from 'next/navigation';
import { currentUser, myMemberships } from '@/lib/auth/current-actor';
import { isSetupComplete } from '@/lib/services/setup';
import { AuthCard } from '@/components/auth/auth-card';
import { SignOutButton } from '@/components/auth/sign-out-button';

export default async function Home() {
  if (!(await isSetupComplete())) redirect('/setup');
  const user = await currentUser();
  if (!user) redirect('/sign-in');
  const [first] = await myMemberships();
  if (first) redirect(`/${first.org.slug}/pipelines`);
  return (
    <AuthCard title="You are not in an organization">
      <p className="text-sm text-muted">
        You are signed in as <strong className="text-fg">{user.email}</strong>, but no organization on this Tapestry has you as a
        member, for example because you left it or were removed.
      </p>
      <p className="mt-3 text-sm text-muted">Ask an owner or admin to send you a new invitation, then open the link in it.</p>
      <div className="mt-6">
        <SignOutButton />
      </div>
    </AuthCard>
  );
}
