import type { Metadata } from 'next';
import { can } from '@/lib/authz/actor';
import { listMembers, listPendingInvitations } from '@/lib/dal/team';
import { removeMember, leaveOrg } from '@/lib/actions/members';
import { revokeInvitation } from '@/lib/actions/invitations';
import { InvitationEmailStatus } from '@/components/team/invitation-email-status';
import { ActionButton } from '@/components/ui/action-button';
import { Badge } from '@/components/ui/badge';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DateTime } from '@/components/ui/date-time';
import { RoleBadge } from '@/components/ui/role-badge';
import { Section } from '@/components/ui/section';
import { cellClass, Table } from '@/components/ui/table';
import { InviteForm } from '@/components/team/invite-form';
import { MemberRoleForm } from '@/components/team/member-role-form';
import { roleOptions } from '@/components/team/role-options';
import { requireActor } from '../../../require-actor';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org, '/settings/members');
  const [members, invitations] = await Promise.all([listMembers(actor), listPendingInvitations(actor)]);
  const canUpdate = can(actor, 'members:update');
  const canOwners = can(actor, 'members:manage-owners');
  const canInvite = can(actor, 'members:invite');
  const assignable = roleOptions(canOwners);

  return (
    <>
      <Section
        id="members"
        title={`Members (${members.length})`}
        description={canUpdate ? undefined : 'Only owners and admins can change roles or remove members.'}
      >
        <Table
          caption={`Members of ${actor.orgName}`}
          captionHidden
          columns={[
            { label: 'Name' },
            { label: 'Email' },
            { label: 'Role' },
            { label: 'Joined' },
            { label: 'Last sign-in' },
            { label: 'Actions', srOnly: true, align: 'right' },
          ]}
        >
          {members.map((m) => {
            // Admins may not change or remove owners; nobody changes their own role here.
            const manageable = canUpdate && !m.isYou && (m.role !== 'OWNER' || canOwners);
            return (
              <tr key={m.id}>
                <td className={`${cellClass} font-medium`}>
                  {m.name} {m.isYou && <Badge>You</Badge>}
                </td>
                <td className={`${cellClass} break-all`}>{m.email}</td>
                <td className={cellClass}>
                  {manageable ? (
                    <MemberRoleForm org={org} membershipId={m.id} email={m.email} role={m.role} options={assignable} />
                  ) : (
                    <RoleBadge role={m.role} />
                  )}
                </td>
                <td className={cellClass}>
                  <DateTime value={m.joinedAt} format="date" />
                </td>
                <td className={cellClass}>
                  <DateTime value={m.lastSignInAt} />
                </td>
                <td className={`${cellClass} text-right`}>
                  {m.isYou ? (
                    <ConfirmDialog
                      action={leaveOrg}
                      fields={{ org }}
                      triggerLabel="Leave organization"
                      title={`Leave ${actor.orgName}?`}
                      confirmLabel="Leave organization"
                      pendingLabel="Leaving…"
                    >
                      <p>You will lose access to {actor.orgName} at once, and your API tokens for it will be revoked.</p>
                      <p>To come back, you will need a new invitation.</p>
                    </ConfirmDialog>
                  ) : (
                    manageable && (
                      <ConfirmDialog
                        action={removeMember}
                        fields={{ org, id: m.id }}
                        triggerLabel="Remove"
                        triggerAccessibleLabel={`Remove ${m.email}`}
                        title={`Remove ${m.name}?`}
                        confirmLabel="Remove member"
                        pendingLabel="Removing…"
                      >
                        <p>
                          {m.email} will lose access to {actor.orgName} at once: their open sessions end and their API tokens for
                          this organization are revoked.
                        </p>
                        <p>You can invite them again later.</p>
                      </ConfirmDialog>
                    )
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      </Section>

      {canInvite && (
        <>
          <Section id="invite" title="Invite someone" description="They get a link to create their account, or to join with the one they already have.">
            <InviteForm org={org} roles={assignable} />
          </Section>

          <Section id="invitations" title="Pending invitations">
            {invitations.length === 0 ? (
              <p className="text-sm text-muted">No invitations are waiting to be accepted.</p>
            ) : (
              <Table
                caption="Pending invitations"
                captionHidden
                columns={[
                  { label: 'Email' },
                  { label: 'Role' },
                  { label: 'Invited by' },
                  { label: 'Expires' },
                  { label: 'Invitation email' },
                  { label: 'Actions', srOnly: true, align: 'right' },
                ]}
              >
                {invitations.map((inv) => (
                  <tr key={inv.id}>
                    <td className={`${cellClass} break-all`}>{inv.email}</td>
                    <td className={cellClass}>
                      <RoleBadge role={inv.role} />
                    </td>
                    <td className={cellClass}>{inv.invitedBy.name}</td>
                    <td className={cellClass}>
                      <DateTime value={inv.expiresAt} />
                    </td>
                    <td className={cellClass}>
                      <InvitationEmailStatus status={inv.emailStatus} />
                    </td>
                    <td className={`${cellClass} text-right`}>
                      {(inv.role !== 'OWNER' || canOwners) && (
                        <ActionButton
                          action={revokeInvitation}
                          fields={{ org, id: inv.id }}
                          label="Revoke"
                          accessibleLabel={`Revoke invitation for ${inv.email}`}
                          pendingLabel="Revoking…"
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </Section>
        </>
      )}
    </>
  );
}
