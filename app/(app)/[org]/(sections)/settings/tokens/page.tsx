import type { Metadata } from 'next';
import { can } from '@/lib/authz/actor';
import { ALL_PERMISSIONS, PERMISSIONS } from '@/lib/authz/permissions';
import { listApiTokens } from '@/lib/dal/team';
import { revokeToken } from '@/lib/actions/tokens';
import { Badge } from '@/components/ui/badge';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DateTime } from '@/components/ui/date-time';
import { Section } from '@/components/ui/section';
import { cellClass, type Column, Table } from '@/components/ui/table';
import { CreateTokenForm } from '@/components/tokens/create-token-form';
import { requireActor } from '../../../require-actor';

export const metadata: Metadata = { title: 'API tokens' };

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

function status(t: TokenRow, now: Date) {
  if (t.revokedAt) return <Badge tone="danger">Revoked</Badge>;
  if (t.expiresAt && t.expiresAt <= now) return <Badge tone="warning">Expired</Badge>;
  return <Badge tone="success">Active</Badge>;
}

export default async function TokensPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org, '/settings/tokens');
  const everyone = can(actor, 'tokens:manage');
  const tokens = await listApiTokens(actor);
  const scopes = ALL_PERMISSIONS.filter((p) => can(actor, p)).map((p) => ({ value: p, description: PERMISSIONS[p].description }));
  const now = new Date();
  const columns: Column[] = [
    { label: 'Name' },
    { label: 'Token' },
    { label: 'Scopes' },
    ...(everyone ? [{ label: 'Owner' }] : []),
    { label: 'Last used' },
    { label: 'Expires' },
    { label: 'Status' },
    { label: 'Actions', srOnly: true, align: 'right' },
  ];

  return (
    <>
      <Section
        id="create-token"
        title="Create an API token"
        description="Scripts, CI and the tapestry CLI call the HTTP API with a token, sent as “Authorization: Bearer …”. A token acts as you, limited to the scopes you choose and to your current role."
      >
        <CreateTokenForm org={org} scopes={scopes} />
      </Section>

      <Section id="tokens" title={everyone ? 'All tokens in this organization' : 'Your tokens'}>
        {tokens.length === 0 ? (
          <p className="text-sm text-muted">No tokens yet. Tokens you create appear here; the secret itself is shown only once.</p>
        ) : (
          <Table caption={everyone ? 'API tokens of the organization' : 'Your API tokens'} captionHidden columns={columns}>
            {tokens.map((t) => {
              const active = !t.revokedAt && !(t.expiresAt && t.expiresAt <= now);
              return (
                <tr key={t.id}>
                  <td className={`${cellClass} font-medium`}>{t.name}</td>
                  <td className={cellClass}>
                    <code className="font-mono text-xs whitespace-nowrap">{t.prefix}…</code>
                  </td>
                  <td className={cellClass}>
                    <ul className="flex max-w-72 flex-wrap gap-1">
                      {t.scopes.map((s) => (
                        <li key={s}>
                          <code className="rounded bg-sunken px-1.5 py-0.5 font-mono text-xs">{s}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  {everyone && (
                    <td className={cellClass}>
                      <span className="block">{t.user.name}</span>
                      <span className="block text-xs break-all text-muted">{t.user.email}</span>
                    </td>
                  )}
                  <td className={cellClass}>
                    <DateTime value={t.lastUsedAt} />
                  </td>
                  <td className={cellClass}>
                    <DateTime value={t.expiresAt} format="date" empty="Never" />
                  </td>
                  <td className={cellClass}>{status(t, now)}</td>
                  <td className={`${cellClass} text-right`}>
                    {active && (
                      <ConfirmDialog
                        action={revokeToken}
                        fields={{ org, id: t.id }}
                        triggerLabel="Revoke"
                        triggerAccessibleLabel={`Revoke token ${t.name}`}
                        title={`Revoke “${t.name}”?`}
                        confirmLabel="Revoke token"
                        pendingLabel="Revoking…"
                      >
                        <p>Anything still using this token will get “401 Unauthorized” from its next request. This cannot be undone.</p>
                      </ConfirmDialog>
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </Section>
    </>
  );
}
