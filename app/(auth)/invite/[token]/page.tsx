import type { Metadata } from 'next';
import { describeInvitation } from '@/lib/services/invitations';
import { PASSWORD_MIN } from '@/lib/auth/password-policy';
import { AuthCard } from '@/components/auth/auth-card';
import { AcceptInvitationForm } from '@/components/auth/accept-invitation-form';
import { RoleBadge } from '@/components/ui/role-badge';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Accept invitation', robots: { index: false, follow: false } };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await describeInvitation(token);
  if (!invitation) {
    return (
      <AuthCard title="This invitation link no longer works">
        <p className="text-sm text-muted">
          Invitation links can be used once and expire after 7 days. This one has been used, was revoked, has expired, or was
          copied incompletely.
        </p>
        <p className="mt-3 text-sm text-muted">
          Ask the person who invited you for a new invitation. If you already accepted it, <Link href="/sign-in">sign in</Link> instead.
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invitation.orgName}`}>
      <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg bg-sunken p-4 text-sm">
        <dt className="text-muted">Organization</dt>
        <dd className="font-medium">{invitation.orgName}</dd>
        <dt className="text-muted">Invited by</dt>
        <dd>{invitation.inviterName}</dd>
        <dt className="text-muted">Your role</dt>
        <dd>
          <RoleBadge role={invitation.role} />
        </dd>
        <dt className="text-muted">Email</dt>
        <dd className="break-all">{invitation.email}</dd>
      </dl>
      <AcceptInvitationForm token={token} email={invitation.email} accountExists={invitation.accountExists} passwordMin={PASSWORD_MIN} />
    </AuthCard>
  );
}
