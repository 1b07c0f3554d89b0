import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { isSetupComplete } from '@/lib/services/setup';
import { PASSWORD_MIN } from '@/lib/auth/password-policy';
import { AuthCard } from '@/components/auth/auth-card';
import { SetupForm } from '@/components/auth/setup-form';

export const metadata: Metadata = { title: 'Set up Tapestry' };

export default async function SetupPage() {
  // First run only: once an organization exists this page does not exist.
  if (await isSetupComplete()) notFound();
  return (
    <AuthCard
      title="Create your organization and owner account"
      description="This is a new Tapestry installation. The account you create here owns the organization and can invite everyone else."
    >
      <SetupForm passwordMin={PASSWORD_MIN} />
    </AuthCard>
  );
}
